import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  encoding: string;
  repairedMojibake: boolean;
}

/**
 * Turns a legacy file's bytes into text. Old archives mix every encoding of their era, and
 * their `<meta charset>` was often pasted from a template, so valid UTF-8 bytes are trusted
 * over what the page claims; anything else falls back to the declared charset, then to
 * Windows-1252 (a superset of ISO-8859-1 for everything people actually typed).
 */
export function decodeLegacyBytes(bytes: Uint8Array, path: string): DecodedText {
  const { text, encoding, noMojibake } = decodeRaw(bytes, path);
  const repaired = noMojibake ? text : repairMojibake(text);
  return { text: repaired, encoding, repairedMojibake: repaired !== text };
}

const UTF8 = new TextDecoder('utf-8');

/** The text, its encoding, and `noMojibake` when the bytes show there is nothing to repair. */
function decodeRaw(bytes: Uint8Array, path: string): { text: string; encoding: string; noMojibake?: boolean } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: UTF8.decode(buf.subarray(3)), encoding: 'utf-8' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  // Checked first (one native pass) rather than caught failing: a fifth of a legacy site is not UTF-8.
  if (isUtf8(buf)) return { text: UTF8.decode(buf), encoding: 'utf-8', noMojibake: !utf8MayHoldMojibake(buf) };
  // Not UTF-8: the declared or assumed single-byte charset.
  const declared = declaredCharset(buf, path);
  if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
    const name = declared.toLowerCase();
    // ISO-8859-1 pages were nearly always typed on Windows: decode as its superset so curly
    // quotes in 0x80–0x9F survive, but report what the page said when no such byte occurs.
    if (/^(iso-?8859-1|latin-?1|us-ascii)$/.test(name)) {
      const latin1 = buf.toString('latin1');
      const text = latin1WithWin1252(latin1);
      return { text, encoding: text !== latin1 ? 'windows-1252' : 'iso-8859-1' };
    }
    return { text: iconv.decode(buf, declared), encoding: name };
  }
  return { text: latin1WithWin1252(buf.toString('latin1')), encoding: 'windows-1252' };
}

/**
 * Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F, so its text is the bytes read as
 * Latin-1 (a native copy) with those few characters replaced — by what iconv-lite maps them to
 * (asked once, below), so the result is iconv-lite's, byte for byte (a test compares all 256
 * byte values). iconv-lite's decoder, a JavaScript loop over every byte, cost a third of a
 * Windows-1252 file's parse.
 */
export function latin1WithWin1252(latin1: string): string {
  return latin1.replace(C1_CHAR, (c) => WIN1252_C1[c.charCodeAt(0) - 0x80] as string);
}

const C1_CHAR = /[\x80-\x9f]/g;
const WIN1252_C1 = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'win1252');

/**
 * Whether text decoded from these UTF-8 bytes may hold mojibake, which needs a character of
 * U+00C2–U+00F4 (bytes C3 82–C3 B4) right before a continuation character (U+0080–U+00BF, or
 * one of Windows-1252's 0x80–0x9F characters: their UTF-8 starts with C2, C5, C6, CB or E2).
 * A search for C3 bytes instead of `repairMojibake`'s regex over every character.
 */
export function utf8MayHoldMojibake(buf: Buffer): boolean {
  for (let i = buf.indexOf(0xc3); i !== -1 && i + 2 < buf.length; i = buf.indexOf(0xc3, i + 1)) {
    const b = buf[i + 1] as number;
    const c = buf[i + 2] as number;
    if (b >= 0x82 && b <= 0xb4 && (c === 0xc2 || c === 0xc5 || c === 0xc6 || c === 0xcb || c === 0xe2)) return true;
  }
  return false;
}

/** Reads `<meta charset>` / `http-equiv` from the first few KB, only for HTML-looking files. */
function declaredCharset(buf: Buffer, path: string): string | null {
  const head = buf.subarray(0, 4096).toString('latin1');
  if (!/\.html?$/i.test(path) && !/<html|<meta/i.test(head)) return null;
  const m = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return m?.[1] ?? null;
}

/** Windows-1252 bytes 0x80–0x9F, which is where the "â€™" in double-encoded text comes from. */
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
const CONT = String.raw`[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]`;
// A UTF-8 lead byte read as Latin-1/1252 followed by exactly the continuation bytes it needs.
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`, 'g');

/**
 * Repairs text that was UTF-8, decoded as Windows-1252 and saved again ("Ã©" for "é").
 * Each suspicious run is repaired only if its bytes form valid UTF-8, so genuine Latin-1
 * text such as "Âge" is left alone. Applied twice for files that went through it twice.
 */
export function repairMojibake(text: string): string {
  // 0x9D is unassigned in Windows-1252, so the closing quote ” (E2 80 9D) often survives
  // double-encoding only as "â€" plus a replacement character; it is the one common reading.
  let out = text.replace(/â€\ufffd/g, '”');
  for (let pass = 0; pass < 2; pass++) {
    const next = out.replace(MOJIBAKE, (run) => {
      const bytes: number[] = [];
      for (const ch of run) {
        const b = CP1252_HIGH[ch] ?? ch.codePointAt(0) ?? 0;
        if (b > 0xff) return run;
        bytes.push(b);
      }
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
      } catch {
        return run;
      }
    });
    if (next === out) break;
    out = next;
  }
  return out;
}
