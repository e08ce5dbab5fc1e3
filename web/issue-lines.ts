/**
 * Line numbers for scenario issues that carry only a field path (`links[1].pool.capacityBits`), so
 * the dashboard can show each problem next to the line of the uploaded text it concerns.
 * @module
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';

/** Splits `links[4].to` into ['links', 4, 'to']; null for `(root)` or an unreadable path. */
export function parsePath(path: string): (string | number)[] | null {
  if (path === '' || path === '(root)') return [];
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(path)) !== null) {
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    consumed += m[0].length;
  }
  const dots = (path.match(/\./g) ?? []).length;
  return consumed + dots === path.length ? out : null;
}

/**
 * A function from an issue path to the 1-based line of the deepest node of the YAML (or JSON) text
 * on that path: the field itself when present, else its nearest existing parent (a missing field is
 * reported where it should have been). Undefined when the text does not parse.
 */
export function pathLineFinder(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length > 0 || !doc.contents) return () => undefined;
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? counter.linePos(node.range[0]).line : undefined);
  return (path) => {
    const parts = parsePath(path);
    if (parts === null) return undefined;
    let node: Node | null = doc.contents as Node;
    let line = lineOf(node);
    for (const part of parts) {
      if (isMap(node)) {
        const pair: Pair | undefined = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        // The key's line: a block value may start on the next line.
        line = lineOf(pair.key as Node) ?? line;
        node = (pair.value as Node | null) ?? null;
        if (node === null) break;
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) break;
        line = lineOf(item) ?? line;
        node = item;
      } else break;
    }
    return line;
  };
}
