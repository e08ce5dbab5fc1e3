/**
 * A binary min-heap of [key, value] number pairs, ordered by key, then value (so equal keys come
 * out in a repeatable order): the expiry times of the pools and the deadlines and sizes of waiting
 * requests. Entries are plain arrays in a plain array; the callers remove stale entries lazily.
 * @module
 */

/** Pushes onto a binary min-heap of [key, value] pairs ordered by key, then value. */
export function heapPush(heap: [number, number][], item: [number, number]): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!lessThan(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

/** Pops the least item of a binary min-heap (undefined when empty). */
export function heapPop(heap: [number, number][]): [number, number] | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && lessThan(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && lessThan(heap[r]!, heap[m]!)) m = r;
    if (m === i) return top;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}

const lessThan = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
