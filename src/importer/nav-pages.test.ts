import { describe, expect, it } from 'vitest';
import { seededRandom } from './prng.js';
import iconv from 'iconv-lite';
import { STORY_LINK_TAG, cannotBeNavigation, readNavPage, storyLinks } from './nav-pages.js';
import { decodeLegacyBytes } from './parse/decode.js';

describe('storyLinks', () => {
  it('finds the same links as the regex run over the whole page', () => {
    const pieces = ['<a href="s1.html">One</a>', '<A HREF="s2.txt">Two</A>', '<a\nhref=s3.md>3</a>', '<a href="http://x.org/s.html">far</a>', '<a name="x">', '<a href="s4.html"><b>Four</b>', '</a>', '<a', '<A', 'a', '<abbr>', '<a  href = "a.htm" class="x">x</A>', 'text ', '\n', '<p>', '<a href="//cdn/s.html">cdn</a>'];
    const random = seededRandom(9);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let k = 0; k < 5000; k++) {
      const html = Array.from({ length: rnd(20) }, () => pieces[rnd(pieces.length)]).join('');
      expect([html, storyLinks(html)]).toEqual([html, html.match(STORY_LINK_TAG) ?? []]);
    }
  });
});

describe('cannotBeNavigation', () => {
  it('passes over only pages the full look finds no index in, whatever their encoding', () => {
    const pieces = ['<a href="s1.html">One</a>', '<A HREF="s2.txt">Two</A>', '<a href="s3.md">Caf\u00e9 \u2013 three</a> by Zo\u00eb', '<a\u00a0href="s5.html">nbsp</a>', '<a href="http://x.org/s.html">far</a>', '</a>', '<a', 'na\u00efve text ', '\u201cquoted\u201d ', '<p>', 'Stories by Ren\u00e9e\n', 'a long line of plain prose for the story itself. ', `${'Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u2014 \u201cprose\u201d with many accents. '.repeat(12)}\n`, `${'plain prose, a paragraph of the story that goes on and on. '.repeat(10)}\n`];
    const random = seededRandom(4);
    const rnd = (n: number) => Math.floor(random() * n);
    let skipped = 0;
    let skippedWithLinks = 0;
    let indexes = 0;
    for (let k = 0; k < 3000; k++) {
      const html = `<html><body>${Array.from({ length: rnd(24) }, () => pieces[rnd(pieces.length)]).join('')}</body></html>`;
      const encoding = ['utf-8', 'windows-1252', 'utf-16le'][rnd(3)] as string;
      const body = iconv.encode(html, encoding);
      const bytes = encoding === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
      const full = readNavPage(decodeLegacyBytes(bytes, 'site/page.html').text, 'site/page.html');
      if (full.navigation || full.hints.size > 0) indexes++;
      if (!cannotBeNavigation(bytes)) continue;
      skipped++;
      if (storyLinks(html).length >= 2) skippedWithLinks++;
      expect([html, encoding, full.navigation, full.hints.size]).toEqual([html, encoding, false, 0]);
    }
    // Both kinds occur: the check is not vacuous.
    expect(skipped).toBeGreaterThan(500);
    expect(indexes).toBeGreaterThan(100);
    // …and pages with links whose prose outweighs them (found without decoding) are passed over too.
    expect(skippedWithLinks).toBeGreaterThan(100);
  });
});
