import { describe, expect, it } from 'vitest';
import { seededRandom } from './prng.js';
import { STORY_LINK_TAG, storyLinks } from './nav-pages.js';

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
