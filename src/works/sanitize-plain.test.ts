import { describe, expect, it } from 'vitest';
import sanitizeHtml from 'sanitize-html';
import { sanitizeStoryHtml } from './sanitize.js';
import { sanitizePlainHtml } from './sanitize-plain.js';

/** What the library alone prints (sanitizeStoryHtml takes the plain path first). */
const library = (html: string): string => sanitizeStoryHtml.library(html);

const PIECES = [
  '<p>', '</p>', '<br>', '<br/>', '<br />', '<hr>', '<hr/>', '<em>', '</em>', '<i>', '</i>', '<b>', '</b>', '<strong>', '</strong>', '<span>', '</span>',
  '<blockquote>', '</blockquote>', '<div>', '</div>', '<h2>', '</h2>', '<a href="story2.html">', '<a href="https://example.org/a?b=1#c">', '<a>', '</a>',
  // what the plain path must refuse or get exactly right
  '<P>', '<p class="x">', '<script>', '</script>', '<a href="javascript:alert(1)">', '<a href="http://">', '<a href=x.html>', '<img src="a.png">', '</br>', '<br></br>',
  '<font>', '</font>', '<!-- c -->', '<', '>', '&', '&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&#34;', '&copy', '&copy;', '&#x41;', '&nbsp;', '&amp',
  '"', "'", '\r', '\n', ' ', '\u00a0', 'é', '東京', 'word', 'two words', '\t',
];

describe('sanitizePlainHtml', () => {
  it('prints exactly what sanitize-html prints, or leaves the input to it', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8);
    let plain = 0;
    for (let c = 0; c < 20000; c++) {
      const n = next() % 14;
      let html = '';
      // Mostly well-formed paragraphs, so that the plain path is taken often enough to test it.
      const wellFormed = c % 2 === 0;
      for (let k = 0; k < n; k++) {
        if (wellFormed) {
          const inner = ['word', ' ', '&amp;', '&quot;', '>', '<br>', '<em>x</em>', '<a href="s.txt">s</a>', 'é', "'"][next() % 10];
          html += k % 4 === 0 ? `<p>${inner}` : k % 4 === 3 ? `${inner}</p>` : inner;
        } else html += PIECES[next() % PIECES.length];
      }
      if (wellFormed && n % 4 !== 0) html += '</p>';
      const fast = sanitizePlainHtml(html);
      if (fast === null) continue;
      plain++;
      expect(fast, JSON.stringify(html)).toBe(library(html));
    }
    expect(plain).toBeGreaterThan(5000);
  });

  it('takes typical story markup and refuses anything with attributes, odd tags or odd entities', () => {
    expect(sanitizePlainHtml('<p>She said, "Tea &amp; toast?"</p>\n<p>He nodded.<br>Then left.</p>')).toBe('<p>She said, "Tea &amp; toast?"</p>\n<p>He nodded.<br />Then left.</p>');
    for (const odd of ['<p onclick="x()">a</p>', '<script>x</script>', '<a href="javascript:x">a</a>', '<p>a &copy; b</p>', '<p>open', '<i><b>x</i></b>', '<p><p>x</p></p>', '<IMG SRC=x>']) {
      expect(sanitizePlainHtml(odd), odd).toBeNull();
    }
  });

  it('is what sanitizeStoryHtml answers', () => {
    for (const html of ['<p>a &quot;b&quot;</p>', '<p onclick="x()">a</p>', '<p>a<br>b</p>']) expect(sanitizeStoryHtml(html)).toBe(library(html));
    expect(sanitizeHtml('<p>x</p>', { allowedTags: ['p'] })).toBe('<p>x</p>');
  });
});
