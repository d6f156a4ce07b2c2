/**
 * Strings as UTF-8 bytes joined by NUL (one decode and one split at load, far quicker than
 * JSON for a million titles). A string holding NUL itself (never seen; not excluded) makes the
 * list fall back to JSON, marked by a leading 0xFF byte that UTF-8 never starts with.
 */
export function packStrings(list: readonly string[]): Uint8Array {
  if (list.some((x) => x.includes('\0'))) return Buffer.concat([Buffer.of(0xff), Buffer.from(JSON.stringify(list))]);
  return Buffer.from(list.join('\0'));
}
export function unpackStrings(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > 0 && buf[0] === 0xff) return JSON.parse(buf.subarray(1).toString('utf8')) as string[];
  return buf.length === 0 ? [''] : buf.toString('utf8').split('\0');
}

/**
 * A string per doc (titles, first creators' names) that a snapshot gives packed: until the list
 * is needed whole, each string is decoded from the file's bytes when asked for, so a start does
 * not make two million strings (nor the collector chase them). Writes after a start are kept
 * apart. Packed form: `packStrings`.
 */
export class Names {
  private list: string[] | null = [];
  private bytes: Buffer | null = null;
  private starts: Int32Array | null = null;
  private written = new Map<number, string>();
  private room = 0;

  static packed(bytes: Uint8Array): Names {
    const names = new Names();
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length > 0 && buf[0] === 0xff) {
      names.list = unpackStrings(bytes);
      return names;
    }
    let count = 1;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0) count++;
    const starts = new Int32Array(count + 1);
    let k = 1;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0) starts[k++] = i + 1;
    starts[count] = buf.length + 1;
    names.list = null;
    names.bytes = buf;
    names.starts = starts;
    names.room = count;
    return names;
  }

  static of(list: string[]): Names {
    const names = new Names();
    names.list = list;
    return names;
  }

  get(i: number): string {
    if (this.list) return this.list[i] ?? '';
    const w = this.written.get(i);
    if (w !== undefined) return w;
    const starts = this.starts as Int32Array;
    if (i + 1 >= starts.length) return '';
    return (this.bytes as Buffer).toString('utf8', starts[i], (starts[i + 1] as number) - 1);
  }

  set(i: number, v: string): void {
    if (this.list) this.list[i] = v;
    else this.written.set(i, v);
  }

  /** Room for `size` docs (writing past the end of a full array copies all of it). */
  pad(size: number): void {
    if (!this.list) {
      this.room = Math.max(this.room, size);
      return;
    }
    const from = this.list.length;
    if (from >= size) return;
    this.list.length = size;
    this.list.fill('', from);
  }

  /** The whole list (decoded now when still packed). */
  all(): string[] {
    if (!this.list) {
      const n = Math.max(this.room, (this.starts as Int32Array).length - 1);
      this.list = Array.from({ length: n }, (_, i) => this.get(i));
      this.bytes = null;
      this.starts = null;
      this.written.clear();
    }
    return this.list;
  }

  /** The first n, packed (the snapshot's form). */
  pack(n: number): Uint8Array {
    return packStrings(this.all().slice(0, n));
  }
}
