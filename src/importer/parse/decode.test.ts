import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeLegacyBytes, repairMojibake } from './index.js';

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
