import { csrOf } from './int-buffer.js';
import type { Csr } from './int-buffer.js';

/**
 * Ids by identity key (a tag's or a creator's name key): a sorted base read from a snapshot
 * (binary search, no per-key objects, so a million keys load in milliseconds) plus a map of
 * keys and ids added since.
 */
export class KeyIndex {
  private keys: string[] = [];
  private ids: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private extra = new Map<string, number[]>();

  static fromSorted(keys: string[], ids: Csr): KeyIndex {
    const k = new KeyIndex();
    k.keys = keys;
    k.ids = ids;
    return k;
  }

  get(key: string): number[] {
    const out: number[] = [];
    let lo = 0;
    let hi = this.ids.start.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k === key) {
        for (let i = this.ids.start[mid]!; i < this.ids.start[mid + 1]!; i++) out.push(this.ids.list[i]!);
        break;
      }
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    for (const id of this.extra.get(key) ?? []) if (!out.includes(id)) out.push(id);
    return out;
  }

  add(key: string, id: number): void {
    if (this.get(key).includes(id)) return;
    const list = this.extra.get(key);
    if (list) list.push(id);
    else this.extra.set(key, [id]);
  }

  /** Every key (sorted by UTF-16 code units, the order `get` searches in) with its ids. */
  toSorted(): { keys: string[]; ids: Csr } {
    const all = new Map<string, number[]>();
    for (let i = 0; i < this.ids.start.length - 1; i++) all.set(this.keys[i]!, Array.from(this.ids.list.subarray(this.ids.start[i]!, this.ids.start[i + 1]!)));
    for (const [k, v] of this.extra) all.set(k, [...new Set([...(all.get(k) ?? []), ...v])]);
    const keys = [...all.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { keys, ids: csrOf(keys.length, (i) => all.get(keys[i]!)!) };
  }
}
