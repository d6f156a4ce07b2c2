import { crc32 } from 'node:zlib';

/**
 * A zip of files stored uncompressed (the originals of a multi-file work), byte for byte what
 * fflate's `zipSync(files, { level: 0, mtime })` writes — the tests compare the two — but with
 * each file's CRC-32 from zlib's native code: fflate computes it in JavaScript, which was 6% of
 * a large import's main thread.
 */
export function storedZip(files: Record<string, Uint8Array>, mtime: Date): Uint8Array {
  const enc = new TextEncoder();
  const entries = Object.entries(files).map(([name, data]) => ({ name: enc.encode(name), utf8: enc.encode(name).length !== name.length, data, crc: crc32(data) >>> 0 }));
  let offset = 0;
  const at: number[] = [];
  for (const e of entries) {
    at.push(offset);
    offset += 30 + e.name.length + e.data.length;
  }
  const central = entries.reduce((n, e) => n + 46 + e.name.length, 0);
  const out = new Uint8Array(offset + central + 22);
  const view = new DataView(out.buffer);
  // DOS date and time in local time, as fflate writes them.
  const dos = ((mtime.getFullYear() - 1980) << 25) | ((mtime.getMonth() + 1) << 21) | (mtime.getDate() << 16) | (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1);
  // The fields local and central headers share, from "version needed" on.
  const common = (p: number, e: (typeof entries)[number]) => {
    view.setUint16(p, 20, true);
    view.setUint16(p + 2, e.utf8 ? 0x800 : 0, true);
    view.setUint16(p + 4, 0, true); // stored
    view.setUint32(p + 6, dos >>> 0, true);
    view.setUint32(p + 10, e.crc, true);
    view.setUint32(p + 14, e.data.length, true);
    view.setUint32(p + 18, e.data.length, true);
    view.setUint16(p + 22, e.name.length, true);
    view.setUint16(p + 24, 0, true); // no extra field
  };
  entries.forEach((e, i) => {
    const p = at[i]!;
    view.setUint32(p, 0x04034b50, true);
    common(p + 4, e);
    out.set(e.name, p + 30);
    out.set(e.data, p + 30 + e.name.length);
  });
  let p = offset;
  entries.forEach((e, i) => {
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, 20, true); // made by: version 2.0, MS-DOS
    common(p + 6, e);
    // comment length, disk, internal and external attributes stay 0
    view.setUint32(p + 42, at[i]!, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, central, true);
  view.setUint32(p + 16, offset, true);
  return out;
}
