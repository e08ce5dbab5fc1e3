/**
 * The shipped scenarios the server offers: `scenarios/<name>.yaml` (or `.json`) for names of
 * lower-case letters, digits and dashes only, always checked to stay inside the scenarios folder.
 * Uploaded documents may name element-set files too: sim/scenario/file-access.ts confines those to it.
 * @module
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { packagePath } from '../sim/package-root.js';
import { isInside } from '../sim/scenario/file-access.js';
import { parseDocument } from '../sim/validation.js';

/** What a shipped scenario name may look like. */
export const SCENARIO_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** One shipped scenario, as listed. */
export interface ScenarioEntry {
  readonly name: string;
  /** Path relative to the repository, e.g. `scenarios/fibre-chain.yaml`. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly start: string | null;
  readonly days: number | null;
  readonly end: string | number | null;
  readonly seed: number | null;
}

export { isInside };

/** The shipped scenarios of one folder. */
export class ScenarioStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /**
   * The file of a scenario name, or null when the name is malformed or no such file exists inside
   * the folder (symbolic links that lead out of it count as missing).
   */
  resolveName(name: string): string | null {
    if (!SCENARIO_NAME.test(name)) return null;
    for (const ext of ['.yaml', '.yml', '.json']) {
      const file = resolve(this.dir, `${name}${ext}`);
      if (!isInside(this.dir, file) || !existsSync(file)) continue;
      try {
        if (!statSync(file).isFile() || !isInside(realpathSync(this.dir), realpathSync(file))) continue;
      } catch {
        continue;
      }
      return file;
    }
    return null;
  }

  /** Every scenario file in the folder: YAML or JSON documents that are mappings (not the station catalogue). */
  list(): ScenarioEntry[] {
    const names = new Set<string>();
    for (const f of readdirSync(this.dir)) {
      const m = /^(.+)\.(ya?ml|json)$/.exec(f);
      if (m && SCENARIO_NAME.test(m[1]!)) names.add(m[1]!);
    }
    const out: ScenarioEntry[] = [];
    for (const name of [...names].sort()) {
      const entry = this.describe(name);
      if (entry) out.push(entry);
    }
    return out;
  }

  /** A scenario's summary and source text, or null when it is missing or is not a scenario mapping. */
  read(name: string): (ScenarioEntry & { text: string }) | null {
    const file = this.resolveName(name);
    if (!file) return null;
    const text = readFileSync(file, 'utf8');
    let doc: unknown;
    try {
      doc = parseDocument(text, file);
    } catch {
      doc = null;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
    const d = doc as Record<string, unknown>;
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : null);
    const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    // A mapping with none of a scenario's top-level fields is some other data file.
    if (!('start' in d) && !('links' in d) && !('nodes' in d)) return null;
    return {
      name,
      file: `scenarios/${relative(this.dir, file).split(sep).join('/')}`,
      title: str(d.name) ?? name,
      description: str(d.description) ?? '',
      start: str(d.start),
      days: num(d.days),
      end: str(d.end) ?? num(d.end),
      seed: num(d.seed),
      text,
    };
  }

  private describe(name: string): ScenarioEntry | null {
    const full = this.read(name);
    if (!full) return null;
    const { text: _text, ...entry } = full;
    return entry;
  }
}

/** Path of the repository's scenarios folder. */
export function defaultScenariosDir(): string {
  return packagePath('scenarios');
}
