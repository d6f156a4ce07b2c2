import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/**
 * The file format of a search index snapshot: a JSON header (scalars, strings, and where each
 * typed array lies) followed by the typed arrays' bytes, each at an 8-byte boundary, so that
 * loading is one read and a view per array (no parsing of the big columns). Written to a
 * temporary file and renamed, so a reader never sees half a snapshot.
 */
const MAGIC = 'FANFOLD-SEARCH-INDEX';
type Typed = Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array;
const KINDS = { Int32Array, Uint32Array, Uint8Array, Uint16Array, Float64Array } as const;
type Kind = keyof typeof KINDS;

export interface SnapshotData {
  header: Record<string, unknown>;
  arrays: Record<string, Typed>;
}

export function writeSnapshot(path: string, data: SnapshotData): number {
  const layout: { name: string; kind: Kind; offset: number; length: number }[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(data.arrays)) {
    const kind = (Object.keys(KINDS) as Kind[]).find((k) => a instanceof KINDS[k]); // a Buffer is a Uint8Array
    if (!kind) throw new Error(`snapshot: ${name} is not a typed array`);
    layout.push({ name, kind, offset, length: a.length });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const head = Buffer.from(JSON.stringify({ magic: MAGIC, header: data.header, layout }));
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(head.length, 0);
  const pad = (8 - ((8 + head.length) % 8)) % 8;
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, head);
    writeSync(fd, Buffer.alloc(pad));
    for (const a of Object.values(data.arrays)) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      for (let at = 0; at < bytes.length; at += 1 << 26) writeSync(fd, bytes.subarray(at, Math.min(bytes.length, at + (1 << 26))));
      const rest = Math.ceil(a.byteLength / 8) * 8 - a.byteLength;
      if (rest > 0) writeSync(fd, Buffer.alloc(rest));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return 8 + head.length + pad + offset;
}

/** Reads a snapshot; null when the file is missing or not a snapshot. Arrays are views on one buffer. */
export function readSnapshot(path: string): SnapshotData | null {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return null;
  }
  if (buf.length < 8) return null;
  const headLength = buf.readUInt32LE(0);
  let parsed: { magic?: string; header: Record<string, unknown>; layout: { name: string; kind: Kind; offset: number; length: number }[] };
  try {
    parsed = JSON.parse(buf.subarray(8, 8 + headLength).toString('utf8')) as typeof parsed;
  } catch {
    return null;
  }
  if (parsed.magic !== MAGIC) return null;
  // The array section starts at an 8-byte boundary of the file; the buffer may not, so copy if needed.
  const base = 8 + headLength + ((8 - ((8 + headLength) % 8)) % 8);
  let bytes: ArrayBuffer = buf.buffer as ArrayBuffer;
  let start = buf.byteOffset + base;
  if (start % 8 !== 0) {
    const copy = new Uint8Array(buf.length - base);
    copy.set(buf.subarray(base));
    bytes = copy.buffer;
    start = 0;
  }
  const arrays: Record<string, Typed> = {};
  for (const l of parsed.layout) {
    const Ctor = KINDS[l.kind];
    if (!Ctor) return null;
    arrays[l.name] = new Ctor(bytes, start + l.offset, l.length);
  }
  return { header: parsed.header, arrays };
}
