/** A growable Int32Array: the index is built from millions of rows without JS arrays of numbers. */
export class IntBuffer {
  buf: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Int32Array(Number.isFinite(capacity) ? Math.max(16, capacity) : 16);
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(Math.max(16, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.buf.subarray(0, this.length);
  }
}

/** A compressed sparse row list: the values of key k are list[start[k] .. start[k+1]). */
export interface Csr {
  start: Int32Array;
  list: Int32Array;
}

/** A CSR of `rows` lists, the list of row r being `of(r)`. */
export function csrOf(rows: number, of: (r: number) => ArrayLike<number>): Csr {
  const start = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) start[r + 1] = (start[r] as number) + of(r).length;
  const list = new Int32Array(start[rows] as number);
  for (let r = 0; r < rows; r++) list.set(of(r), start[r] as number);
  return { start, list };
}

/** Inverts per-row lists (rows 0..rows-1 in `rowCsr`) into per-value lists of rows, values < keys. */
export function invert(rowCsr: Csr, rows: number, keys: number): Csr {
  const start = new Int32Array(keys + 1);
  const end = rowCsr.start[rows] as number;
  for (let i = 0; i < end; i++) {
    const k = (rowCsr.list[i] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = start.slice(0, keys);
  const list = new Int32Array(start[keys] as number);
  for (let r = 0; r < rows; r++) {
    const e = rowCsr.start[r + 1] as number;
    for (let i = rowCsr.start[r] as number; i < e; i++) {
      const k = rowCsr.list[i] as number;
      const at = fill[k] as number;
      list[at] = r;
      fill[k] = at + 1;
    }
  }
  return { start, list };
}

/** A copy of `a` with `extra` more entries set to `fill` (room to grow in place). */
export function withRoom(a: Int32Array, extra: number, fill = 0): Int32Array {
  const next = new Int32Array(a.length + extra);
  if (fill !== 0) next.fill(fill, a.length);
  next.set(a);
  return next;
}

export function growInt32(a: Int32Array, min: number, fill = 0): Int32Array {
  if (a.length >= min) return a;
  const next = new Int32Array(Math.max(min, a.length * 2));
  next.fill(fill);
  next.set(a);
  return next;
}

/** The first place in the ascending list `a` (within [from, to)) whose value is not below v (`to` when none is). */
export function lowerBound(a: ArrayLike<number>, v: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
