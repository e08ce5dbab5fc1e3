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

/**
 * String(round(value, decimals)) without formatting a double: for decimals <= 6 and |k| < 1e15
 * the rounded value is k / 10^decimals with k an integer of at most 15 digits, the double nearest that decimal, and
 * JavaScript prints a double as the shortest decimal that reads back to it, which is that decimal
 * itself with trailing zeros dropped: so the text is built from the integer k. Other values go
 * through String (test/report/format.test.ts holds the two equal on edge and random values).
 */
export function roundText(value: number, decimals: number): string {
  const f = POW10[decimals] ?? 0;
  // At most 15 significant digits in k: then k / 10^decimals prints as itself.
  if (!(f > 0 && Math.abs(value) * f < 1e15)) return String(round(value, decimals));
  const k = Math.round(value * f);
  if (k === 0) return '0';
  const abs = k < 0 ? -k : k;
  const whole = Math.floor(abs / f);
  let frac = abs - whole * f;
  let text = String(whole);
  if (frac > 0) {
    let digits = decimals;
    while (frac % 10 === 0) {
      frac /= 10;
      digits--;
    }
    text += `.${String(frac).padStart(digits, '0')}`;
  }
  return k < 0 ? `-${text}` : text;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** Rounds to a number of decimals, keeping output stable and readable (-0 becomes 0). */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}
