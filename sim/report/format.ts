/**
 * Plain-text output helpers: aligned tables for people and RFC 4180 CSV for programs.
 * @module
 */

/** A column of a table: header and how to render a row's cell. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | boolean | null;
  /** Right-align (numbers); default left. */
  readonly right?: boolean;
}

function cellText(v: string | number | boolean | null): string {
  return v === null ? '-' : String(v);
}

/** Renders rows as an aligned text table with a header and a rule. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cellText(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (parts: readonly string[]): string =>
    parts
      .map((p, i) => (columns[i]!.right ? p.padStart(widths[i]!) : p.padEnd(widths[i]!)))
      .join('  ')
      .replace(/\s+$/, '');
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180, sec. 2). */
export function csvField(v: string | number | boolean | null | undefined): string {
  // Numbers and booleans never need quoting (the hot path of large tables).
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = v === null || v === undefined ? '' : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders objects as CSV with a header row, in the given key order. */
export function formatCsv<T extends object>(rows: readonly T[], keys: readonly (keyof T & string)[]): string {
  const out = [keys.join(',')];
  for (const r of rows) out.push(keys.map((k) => csvField(r[k] as string | number | boolean | null)).join(','));
  return out.join('\n') + '\n';
}

/** Rounds to a number of decimals, keeping output stable and readable (-0 becomes 0). */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}
