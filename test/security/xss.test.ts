import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { sanitizeStoryHtml } from '../../src/works/sanitize.js';
import { chapterHtml } from '../../src/works/posting.js';
import { XSS_VECTORS } from './xss-vectors.js';

const FORBIDDEN_TAGS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'form', 'input', 'button', 'select', 'textarea',
  'link', 'meta', 'base', 'xml', 'xss', 'video', 'audio', 'source', 'template', 'portal', 'noscript', 'title', 'bgsound', 'isindex', 'keygen',
  'marquee', 'xmp', 'plaintext', 'animate', 'set', 'use', 'foreignobject', 'maction', 'body', 'html', 'head', 'o:p',
]);
const URL_ATTRS = new Set(['href', 'src', 'cite', 'background', 'action', 'formaction', 'poster', 'dynsrc', 'lowsrc', 'xlink:href', 'data', 'srcdoc', 'code']);

/** Every way the sanitized HTML could still run script, as a list of problems (empty = safe). */
function executableParts(out: string): string[] {
  const problems: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const el = n as Element;
      if (FORBIDDEN_TAGS.has(el.name.toLowerCase())) problems.push(`<${el.name}>`);
      for (const [name, value] of Object.entries(el.attribs)) {
        const a = name.toLowerCase();
        if (a.startsWith('on')) problems.push(`${a}= handler`);
        if (URL_ATTRS.has(a)) {
          // Browsers ignore whitespace and control characters inside a scheme.
          // eslint-disable-next-line no-control-regex
          const v = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          // A URL with a scheme (RFC 3986: a letter, then letters, digits, + . -) must be http(s) or mailto;
          // anything else ("`javascript:", "%6A…:") is a relative path and cannot run.
          const scheme = /^([a-z][a-z0-9+.-]*):/.exec(v)?.[1];
          if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`${a}="${value}"`);
          if (a === 'srcdoc' || a === 'action' || a === 'formaction' || a === 'background' || a === 'dynsrc' || a === 'lowsrc') problems.push(`${a} attribute`);
        }
        if (a === 'style' && /expression|url\s*\(|javascript|behavior|binding|\\|position|@import/i.test(value)) problems.push(`style="${value}"`);
        if (a === 'rel' && el.name === 'a' && value !== 'nofollow') problems.push(`rel="${value}"`);
      }
      visit(el.children);
    }
  };
  visit(parseDocument(out, { decodeEntities: true, lowerCaseAttributeNames: true }).children);
  return problems;
}

describe('the story sanitizer against XSS vectors', () => {
  it('has a corpus of at least 100 vectors', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length);
  });

  it.each(XSS_VECTORS.map((v, i) => [i, v]))('vector %i is neutralised', (_i, vector) => {
    const out = sanitizeStoryHtml(vector as string);
    expect(executableParts(out)).toEqual([]);
    // Running it again changes nothing (what is stored is already final).
    expect(sanitizeStoryHtml(out)).toBe(out);
  });

  it('neutralises the vectors inside Markdown chapters and Markdown links too', () => {
    const md = [
      ...XSS_VECTORS.map((v) => `Some *markdown* text.\n\n${v}\n\nMore text.`),
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '![img](javascript:alert(1))',
      '![img](x" onerror="alert(1))',
      '[a](vbscript:msgbox(1))',
      '<javascript:alert(1)>',
      '[x]: javascript:alert(1)\n\n[link][x]',
    ];
    for (const text of md) {
      const out = sanitizeStoryHtml(chapterHtml({ title: null, summary: null, notes: null, endNotes: null, body: text, format: 'markdown' }));
      expect(executableParts(out), text).toEqual([]);
    }
  });

  it('keeps what stories need: emphasis, paragraphs, centred scene breaks, safe links with rel=nofollow', () => {
    const out = sanitizeStoryHtml('<p style="text-align:center">* * *</p><p><em>Hi</em> <a href="https://example.org/" rel="opener">link</a></p>');
    expect(out).toContain('<p style="text-align:center">* * *</p>');
    expect(out).toContain('<em>Hi</em>');
    expect(out).toContain('<a href="https://example.org/" rel="nofollow">link</a>');
  });

  it('the checker itself catches executable HTML (so a passing corpus means something)', () => {
    expect(executableParts('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(executableParts('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([]);
    expect(executableParts('<svg><script>alert(1)</script></svg>')).not.toEqual([]);
    expect(executableParts('<p style="width:expression(alert(1))">x</p>')).not.toEqual([]);
  });
});
