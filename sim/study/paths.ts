/**
 * Dotted paths into a scenario document (`satellites[0].walker.satellites`, `links[1].params.mu`,
 * `days`): parsing, checking that a path exists in the scenario schema (by walking the zod schema,
 * so a field the base document leaves out can still be swept), and setting a value at a path in a
 * copy of a document.
 * @module
 */
import type { z } from 'zod';
import { formatPath } from '../validation.js';

/** A parsed path: field names and list indices. */
export type PathSegment = string | number;

/** Parses `a.b[0].c` into ['a', 'b', 0, 'c']; returns a message when the text is not a path. */
export function parsePath(text: string): PathSegment[] | string {
  const out: PathSegment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length && (m = re.exec(text)) !== null) {
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName) return `expected "." or "[" before ${JSON.stringify(m[1])} in ${JSON.stringify(text)}`;
      out.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) return `expected a field name before [${m[2]}] in ${JSON.stringify(text)}`;
      out.push(Number(m[2]));
    } else {
      if (expectName) return `expected a field name after "." in ${JSON.stringify(text)}`;
      expectName = true;
    }
  }
  if (pos !== text.length) return `expected a path such as links[1].params.receiveApertureM, got ${JSON.stringify(text)}`;
  if (expectName) return `expected a field name at the end of ${JSON.stringify(text)}`;
  return out;
}

/** The zod definition of a schema (zod 4 keeps it at `_zod.def`). */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Schemas a value may take at a point: wrappers (optional, default...) removed, unions opened. */
function alternatives(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return alternatives(def.innerType!);
    case 'pipe':
      return alternatives(def.in!);
    case 'lazy':
      return alternatives(def.getter!());
    case 'union':
      return def.options!.flatMap(alternatives);
    default:
      return [schema];
  }
}

/** What can follow at a point, for messages: field names, or `an index`. */
function describeNext(options: readonly z.ZodType[]): string {
  const fields = new Set<string>();
  let index = false;
  let any = false;
  for (const o of options) {
    const def = defOf(o);
    if (def.type === 'object') Object.keys(def.shape!).forEach((k) => fields.add(k));
    else if (def.type === 'array' || def.type === 'tuple') index = true;
    else if (def.type === 'record') any = true;
  }
  const parts: string[] = [];
  if (fields.size > 0) parts.push(`fields ${[...fields].join(', ')}`);
  if (index) parts.push('a list index such as [0]');
  if (any) parts.push('any name');
  return parts.length > 0 ? parts.join(', or ') : 'nothing (a plain value)';
}

/**
 * Checks that `segments` lead somewhere in `schema`. Returns null when they do, else a message
 * naming the first segment that does not exist and what exists there.
 */
export function checkSchemaPath(schema: z.ZodType, segments: readonly PathSegment[]): string | null {
  let current = alternatives(schema);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const next: z.ZodType[] = [];
    for (const option of current) {
      const def = defOf(option);
      if (typeof seg === 'string' && def.type === 'object' && def.shape![seg] !== undefined) next.push(...alternatives(def.shape![seg]!));
      else if (typeof seg === 'string' && def.type === 'record') next.push(...alternatives(def.valueType!));
      else if (typeof seg === 'number' && def.type === 'array') next.push(...alternatives(def.element!));
      else if (typeof seg === 'number' && def.type === 'tuple' && seg < def.items!.length) next.push(...alternatives(def.items![seg]!));
    }
    if (next.length === 0) {
      const where = i === 0 ? 'at the top level' : `in ${formatPath(segments.slice(0, i))}`;
      const what = typeof seg === 'number' ? `index [${seg}]` : `field ${JSON.stringify(seg)}`;
      return `no ${what} ${where} of the scenario format (there: ${describeNext(current)})`;
    }
    current = next;
  }
  return null;
}

/**
 * A deep copy of `doc` with `value` set at `segments`. Missing objects on the way are created; a
 * string where an object is needed (a catalogue station id) becomes `{id: <string>}`. A list index
 * beyond the list's end is an error: the message says how long the list is.
 */
export function setAtPath(doc: unknown, segments: readonly PathSegment[], value: unknown): { doc: unknown } | { error: string } {
  const root = structuredClone(doc) as Record<string, unknown>;
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const here = formatPath(segments.slice(0, i)) || 'the scenario';
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return { error: `${here} is not a list in the base scenario` };
      if (seg >= node.length) return { error: `${formatPath(segments.slice(0, i + 1))}: the base scenario's ${here} has ${node.length} item(s)` };
      if (last) node[seg] = structuredClone(value);
      else node[seg] = objectish(node[seg], segments[i + 1]!);
      node = node[seg];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return { error: `${here} is not an object in the base scenario` };
      const obj = node as Record<string, unknown>;
      if (last) obj[seg] = structuredClone(value);
      else obj[seg] = objectish(obj[seg], segments[i + 1]!);
      node = obj[seg];
    }
  }
  return { doc: root };
}

/** The container to descend into: itself, a new object or list when absent, `{id}` for an id string. */
function objectish(value: unknown, nextSeg: PathSegment): unknown {
  if (value === undefined || value === null) return typeof nextSeg === 'number' ? [] : {};
  if (typeof value === 'string' && typeof nextSeg === 'string') return { id: value };
  return value;
}
