/**
 * What every resolution step of a scenario shares: the file label for messages, the directory that
 * relative paths start from, the issues and warnings collected so far, and the node namespace.
 * Steps add issues instead of throwing, so that one run reports every problem at once.
 * @module
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { InputIssue } from '../errors.js';
import { CATALOG_LABEL, readCatalog, type CatalogStation } from './stations.js';
import { ANY_FILE, type FileAccess } from './file-access.js';
import type { InputFile, NodeKind } from './model.js';

/** One id in the shared node namespace (satellites, stations, relays, users). */
export interface NodeEntry {
  readonly kind: NodeKind;
  /** Field path of the element that declared it, for "first at ..." messages. */
  readonly path: string;
  /**
   * False when the element itself is broken (an unknown catalogue id, a bad TLE...). References to
   * it are then not reported again: its own issue already says what is wrong.
   */
  readonly ok: boolean;
}

/** The shared state of one scenario load. */
export class ResolveContext {
  readonly issues: InputIssue[] = [];
  readonly warnings: string[] = [];
  readonly nodes = new Map<string, NodeEntry>();
  /** Walker groups that resolved: group id -> member satellite ids (downlinks to a group expand to them). */
  readonly walkerGroups = new Map<string, readonly string[]>();

  /** Directory part of the file label: relative paths are named from it in messages. */
  readonly labelDir: string;
  private catalogStations: readonly CatalogStation[] | undefined;

  /**
   * @param file how the scenario file is named in messages
   * @param baseDir directory that relative paths in the file (TLE files) are resolved from
   * @param files which files the document may open (see file-access.ts)
   */
  constructor(
    readonly file: string,
    readonly baseDir: string,
    readonly files: FileAccess = ANY_FILE,
  ) {
    this.labelDir = dirname(file);
  }

  /** Every file the scenario was made from, in the order first read (report.json provenance). */
  readonly inputFiles: InputFile[] = [];

  /** The bundled station catalogue, read on first use (and recorded as an input). */
  catalog(): readonly CatalogStation[] {
    if (this.catalogStations === undefined) {
      const { stations, text } = readCatalog();
      this.catalogStations = stations;
      this.recordInput('station-catalogue', CATALOG_LABEL, text);
    }
    return this.catalogStations;
  }

  /** Records a file the scenario is made from (once per role and name) and returns its record. */
  recordInput(role: InputFile['role'], name: string, content: string | Uint8Array): InputFile {
    const known = this.inputFiles.find((f) => f.role === role && f.name === name);
    if (known) return known;
    const bytes = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
    const record: InputFile = { role, name, sha256: createHash('sha256').update(content).digest('hex'), bytes };
    this.inputFiles.push(record);
    return record;
  }

  /** Records a problem at a field path (`links[4].to`). */
  issue(path: string, message: string): void {
    this.issues.push({ file: this.file, path, message });
  }

  /** Records a non-fatal remark at a field path. */
  warn(path: string, message: string): void {
    // Once: a Walker group's downlink is checked for each member, with the same remark.
    const text = `${this.file}: ${path}: ${message}`;
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /**
   * Declares a node id. A duplicate is an issue at `path` naming where the first one is; the first
   * declaration is kept.
   */
  declareNode(id: string, kind: NodeKind, path: string, idPath: string, ok = true): void {
    const first = this.nodes.get(id);
    if (first) {
      this.issue(idPath, `duplicate id ${JSON.stringify(id)} (first at ${first.path}; satellites, stations and nodes share one namespace)`);
      return;
    }
    this.nodes.set(id, { kind, path, ok });
  }

  /** Ids of declared nodes of the given kinds, sorted. */
  idsOf(kinds: readonly NodeKind[]): string[] {
    return [...this.nodes.entries()]
      .filter(([, e]) => kinds.includes(e.kind))
      .map(([id]) => id)
      .sort(compareIds);
  }
}

/** Code-unit order of ids: the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `a, b, c`, or `none` for an empty list. */
export function listOrNone(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : 'none';
}
