import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../prng.js';
import { latin1WithWin1252, utf8MayHoldMojibake } from './decode.js';
import { decodeLegacyBytes, repairMojibake, type DecodedText } from './index.js';

const TEXT = 'Café “Étoile” — naïve crème brûlée’s end';

describe('decodeLegacyBytes', () => {
  it('reads UTF-8 without BOM', () => {
    expect(decodeLegacyBytes(Buffer.from(TEXT, 'utf8'), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-8', repairedMojibake: false });
  });

  it('reads UTF-8 with BOM and drops the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    expect(decodeLegacyBytes(bytes, 'a.txt').text).toBe(TEXT);
  });

  it('reads Windows-1252 (curly quotes in 0x80–0x9F)', () => {
    const r = decodeLegacyBytes(iconv.encode(TEXT, 'win1252'), 'a.txt');
    expect(r).toEqual({ text: TEXT, encoding: 'windows-1252', repairedMojibake: false });
  });

  it('reads ISO-8859-1 declared by the page', () => {
    const html = '<html><head><meta charset="iso-8859-1"></head><body>Über den Fluß</body></html>';
    const r = decodeLegacyBytes(iconv.encode(html, 'latin1'), 'a.html');
    expect(r.text).toBe(html);
    expect(r.encoding).toBe('iso-8859-1');
  });

  it('trusts valid UTF-8 bytes over a <meta charset> that lies', () => {
    const html = `<html><head><meta charset="windows-1252"></head><body>${TEXT}</body></html>`;
    const r = decodeLegacyBytes(Buffer.from(html, 'utf8'), 'a.html');
    expect(r.text).toBe(html);
    expect(r.encoding).toBe('utf-8');
  });

  it('falls back to Windows-1252 when a page claims UTF-8 but is not', () => {
    const html = `<html><head><meta charset="utf-8"></head><body>${TEXT}</body></html>`;
    expect(decodeLegacyBytes(iconv.encode(html, 'win1252'), 'a.html')).toEqual({ text: html, encoding: 'windows-1252', repairedMojibake: false });
  });

  it('uses a declared non-Latin charset when the bytes are not UTF-8', () => {
    const html = '<html><head><meta charset="koi8-r"></head><body>Привет</body></html>';
    expect(decodeLegacyBytes(iconv.encode(html, 'koi8-r'), 'a.html').text).toBe(html);
  });

  it('repairs double-encoded mojibake and says so', () => {
    const broken = iconv.decode(Buffer.from(TEXT, 'utf8'), 'win1252');
    expect(broken).toContain('Ã©');
    const r = decodeLegacyBytes(Buffer.from(broken, 'utf8'), 'a.txt');
    expect(r).toEqual({ text: TEXT, encoding: 'utf-8', repairedMojibake: true });
  });
});

describe('repairMojibake', () => {
  it('repairs the classic sequences', () => {
    expect(repairMojibake('cafÃ©')).toBe('café');
    expect(repairMojibake('donâ€™t')).toBe('don’t');
    expect(repairMojibake('â€œquotedâ€\u009d')).toBe('“quoted”');
    // Decoders that map the unassigned 0x9D to U+FFFD leave only this of the closing quote.
    expect(repairMojibake('â€œquotedâ€\ufffd')).toBe('“quoted”');
  });
  it('repairs text that went through it twice', () => {
    const twice = iconv.decode(Buffer.from(iconv.decode(Buffer.from('é', 'utf8'), 'win1252'), 'utf8'), 'win1252');
    expect(repairMojibake(twice)).toBe('é');
  });
  it('leaves genuine Latin-1 text alone', () => {
    for (const s of ['Âge de raison', 'Ãs', 'São Paulo', 'naïve café', 'ÂÃ']) expect(repairMojibake(s)).toBe(s);
  });
});

describe('decoding without iconv-lite and the mojibake regex where they cannot matter', () => {
  const random = seededRandom(17);
  const rnd = (n: number) => Math.floor(random() * n);

  it('reads Windows-1252 exactly as iconv-lite does, for every byte value', () => {
    for (let b = 0; b < 256; b++) {
      const buf = Buffer.from([0x61, b, 0x62]);
      expect([b, latin1WithWin1252(buf.toString('latin1'))]).toEqual([b, iconv.decode(buf, 'win1252')]);
    }
    for (let k = 0; k < 2000; k++) {
      const buf = Buffer.from(Array.from({ length: rnd(40) }, () => rnd(256)));
      expect(latin1WithWin1252(buf.toString('latin1'))).toBe(iconv.decode(buf, 'win1252'));
    }
  });

  // decodeLegacyBytes as it was: a fatal UTF-8 decoder tried first, iconv-lite for the rest,
  // the mojibake repair on every text.
  const reference = (bytes: Uint8Array, path: string): DecodedText => {
    const buf = Buffer.from(bytes);
    const raw = ((): { text: string; encoding: string } => {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
      if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
      if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
      try {
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
      } catch {
        // single-byte below
      }
      const head = buf.subarray(0, 4096).toString('latin1');
      const declared = /\.html?$/i.test(path) || /<html|<meta/i.test(head) ? (/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null) : null;
      if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
        const name = declared.toLowerCase();
        if (/^(iso-?8859-1|latin-?1|us-ascii)$/.test(name)) return { text: iconv.decode(buf, 'win1252'), encoding: buf.some((b) => b >= 0x80 && b <= 0x9f) ? 'windows-1252' : 'iso-8859-1' };
        return { text: iconv.decode(buf, declared), encoding: name };
      }
      return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
    })();
    const repaired = repairMojibake(raw.text);
    return { text: repaired, encoding: raw.encoding, repairedMojibake: repaired !== raw.text };
  };
  const PIECES = ['a', ' ', 'é', 'Ã©', 'â€™', 'â€\ufffd', 'Â', 'Ã', 'Ãs', '’', '€', 'Ÿ', 'ž', 'ˆ', 'ƒ', '\u0081', '\u009d', '東', '😀', '\ufeff'];
  const text = () => Array.from({ length: rnd(20) }, () => PIECES[rnd(PIECES.length)]).join('');
  const encodings = ['utf8', 'win1252', 'latin1', 'mojibake', 'bytes'] as const;
  const encode = (t: string, e: (typeof encodings)[number]): Buffer => {
    switch (e) {
      case 'utf8': return Buffer.from(t, 'utf8');
      case 'win1252': return iconv.encode(t, 'win1252');
      case 'latin1': return iconv.encode(t, 'latin1');
      case 'mojibake': return Buffer.from(iconv.decode(Buffer.from(t, 'utf8'), 'win1252'), 'utf8');
      case 'bytes': return Buffer.from(Array.from({ length: rnd(30) }, () => rnd(256)));
    }
  };
  const HEADS = ['', '\ufeff', '<html><head><meta charset="iso-8859-1"></head>', '<meta charset="windows-1252">', '<meta charset="utf-8">', '<meta charset="koi8-r">'];
  it('decodes generated files exactly as before', () => {
    for (let k = 0; k < 5000; k++) {
      const bytes = Buffer.concat([Buffer.from(HEADS[rnd(HEADS.length)] as string, 'utf8'), encode(text(), encodings[rnd(encodings.length)] as (typeof encodings)[number])]);
      const path = rnd(2) ? 'a.html' : 'a.txt';
      expect([bytes.toString('hex'), decodeLegacyBytes(bytes, path)]).toEqual([bytes.toString('hex'), reference(bytes, path)]);
    }
  });
  it('finds every UTF-8 text the mojibake repair would change', () => {
    for (let k = 0; k < 20000; k++) {
      const t = text();
      if (!utf8MayHoldMojibake(Buffer.from(t, 'utf8'))) expect([t, repairMojibake(t)]).toEqual([t, t]);
    }
  });
});
