import { fmtDate, fmtNumber, html, languageName, paragraphs, trusted } from '../html.js';
import type { Html } from '../html.js';
import type { Work } from '../../works/index.js';
import { chaptersLabel, creatorsLine, tagLink } from './blurb.js';

type Chapter = Work['chapters'][number];

export interface SeriesNeighbours {
  id: number;
  title: string;
  part: number | null;
  prev: { id: number; title: string } | null;
  next: { id: number; title: string } | null;
}

const RELATION_LABEL: Record<string, string> = {
  companion: 'A companion piece to',
  sequel: 'A sequel to',
  prequel: 'A prequel to',
  'inspired by': 'Inspired by',
  translation: 'A translation of',
};

function tagRow(label: string, cls: string, tags: string[]): Html | '' {
  if (tags.length === 0) return '';
  return html`<dt class="${cls} tags">${label}:</dt><dd class="${cls} tags"><ul class="commas">${tags.map((t) => html`<li>${tagLink(t)}</li>`)}</ul></dd>`;
}

/** The metadata block at the top of every work page (AO3's "work meta group"). */
export function workMeta(w: Work, series: SeriesNeighbours[]): Html {
  return html`<div class="wrapper"><dl class="work meta group">
  ${tagRow('Rating', 'rating', [w.rating])}
  ${tagRow(w.warnings.length > 1 ? 'Archive Warnings' : 'Archive Warning', 'warning', w.warnings)}
  ${tagRow(w.categories.length > 1 ? 'Categories' : 'Category', 'category', w.categories)}
  ${tagRow(w.fandoms.length > 1 ? 'Fandoms' : 'Fandom', 'fandom', w.fandoms)}
  ${tagRow(w.relationships.length > 1 ? 'Relationships' : 'Relationship', 'relationship', w.relationships)}
  ${tagRow('Characters', 'character', w.characters)}
  ${tagRow('Additional Tags', 'freeform', w.freeforms)}
  <dt class="language">Language:</dt><dd class="language" lang="${w.language}">${languageName(w.language)}</dd>
  ${series.length > 0 ? html`<dt class="series">Series:</dt><dd class="series">${series.map((s) => html`<span class="series-position">Part ${s.part ?? '?'} of <a href="/series/${s.id}">${s.title}</a></span> `)}</dd>` : ''}
  ${w.collections.length > 0 ? html`<dt class="collections">Collections:</dt><dd class="collections">${w.collections.map((c, i) => html`${i > 0 ? ', ' : ''}<a href="/collections/${encodeURIComponent(c.name)}">${c.title}</a>`)}</dd>` : ''}
  <dt class="stats">Stats:</dt>
  <dd class="stats"><dl class="stats">
    <dt>Published:</dt><dd>${fmtDate(w.publishedAt)}</dd>
    ${w.updatedAt.slice(0, 10) !== w.publishedAt.slice(0, 10) ? html`<dt>${w.complete ? 'Completed' : 'Updated'}:</dt><dd>${fmtDate(w.updatedAt)}</dd>` : ''}
    <dt>Words:</dt><dd>${fmtNumber(w.words)}</dd>
    <dt>Chapters:</dt><dd>${chaptersLabel(w.chapters.length, w.expectedChapters)}</dd>
    <dt>Kudos:</dt><dd>${fmtNumber(w.stats.kudos)}</dd>
    <dt>Bookmarks:</dt><dd>${fmtNumber(w.stats.bookmarks)}</dd>
    <dt>Hits:</dt><dd>${fmtNumber(w.stats.hits)}</dd>
  </dl></dd>
</dl></div>`;
}

function preface(w: Work): Html {
  return html`<div class="preface group">
  <h1 class="title heading">${w.title}</h1>
  <h3 class="byline heading">${creatorsLine(w.creators)}</h3>
  ${w.summary ? html`<div class="summary module"><h3 class="heading">Summary:</h3><blockquote class="userstuff">${paragraphs(w.summary)}</blockquote></div>` : ''}
  ${w.related.length > 0 ? html`<div class="associations module"><ul>${w.related.map((r) => html`<li>${RELATION_LABEL[r.relation] ?? r.relation} ${r.workId !== null ? html`<a href="/works/${r.workId}">${r.title}</a>` : r.url ? html`<a rel="nofollow" href="${r.url}">${r.title}</a>` : html`<cite>${r.title}</cite>`}</li>`)}</ul></div>` : ''}
  ${w.spoilers ? html`<div class="spoilers module"><h3 class="heading">Spoilers:</h3><div class="userstuff">${paragraphs(w.spoilers)}</div></div>` : ''}
  ${w.disclaimer ? html`<div class="disclaimer module"><h3 class="heading">Disclaimer:</h3><div class="userstuff">${paragraphs(w.disclaimer)}</div></div>` : ''}
  ${w.notes ? html`<div class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff">${paragraphs(w.notes)}</blockquote></div>` : ''}
</div>`;
}

export function chapterHeading(c: Chapter, total: number): string {
  if (total === 1) return c.title ?? 'Work Text';
  return c.title ? `Chapter ${c.position}: ${c.title}` : `Chapter ${c.position}`;
}

function chapterBlock(w: Work, c: Chapter, linkHeading: boolean): Html {
  const multi = w.chapters.length > 1;
  const heading = chapterHeading(c, w.chapters.length);
  return html`<div class="chapter" id="chapter-${c.position}">
  ${multi ? html`<div class="chapter preface group">
    <h3 class="title">${linkHeading ? html`<a href="/works/${w.id}/chapters/${c.position}">${heading}</a>` : heading}</h3>
    ${c.summary ? html`<div class="summary module"><h3 class="heading">Chapter Summary</h3><blockquote class="userstuff">${paragraphs(c.summary)}</blockquote></div>` : ''}
    ${c.notes ? html`<div class="notes module"><h3 class="heading">Chapter Notes</h3><blockquote class="userstuff">${paragraphs(c.notes)}</blockquote></div>` : ''}
  </div>` : ''}
  <div class="userstuff module">
    <h3 class="landmark heading visually-hidden">${multi ? heading : 'Work Text:'}</h3>
    ${trusted(c.body)}
  </div>
  ${c.endNotes ? html`<div class="chapter end notes module"><h3 class="heading">Chapter End Notes</h3><blockquote class="userstuff">${paragraphs(c.endNotes)}</blockquote></div>` : ''}
</div>`;
}

/** Chapter navigation: entire work, previous / next, and an index of every chapter. */
function chapterNav(w: Work, current: number | null, where: 'top' | 'bottom'): Html | '' {
  if (w.chapters.length < 2) return '';
  const prev = current !== null && current > 1 ? current - 1 : null;
  const next = current !== null && current < w.chapters.length ? current + 1 : null;
  return html`<nav class="chapter-nav ${where}" aria-label="Chapters (${where})"><ul class="actions">
  ${current === null ? html`<li><a href="/works/${w.id}/chapters/1">Chapter by Chapter</a></li>` : html`<li><a href="/works/${w.id}?view_full_work=true">Entire Work</a></li>`}
  ${prev !== null ? html`<li><a rel="prev" href="/works/${w.id}/chapters/${prev}">← Previous Chapter</a></li>` : ''}
  ${next !== null ? html`<li><a rel="next" href="/works/${w.id}/chapters/${next}">Next Chapter →</a></li>` : ''}
  ${where === 'top' ? html`<li><details class="chapter-index"><summary>Chapter Index</summary><ol>${w.chapters.map((c) => html`<li>${c.position === current ? html`<span aria-current="page">${chapterHeading(c, w.chapters.length)}</span>` : html`<a href="/works/${w.id}/chapters/${c.position}">${chapterHeading(c, w.chapters.length)}</a>`}</li>`)}</ol></details></li>` : ''}
</ul></nav>`;
}

function seriesNav(series: SeriesNeighbours[]): Html | '' {
  if (series.length === 0) return '';
  return html`<div class="series module"><h3 class="heading">Series this work belongs to:</h3><ul>${series.map((s) => html`<li>
    ${s.prev ? html`<a href="/works/${s.prev.id}" rel="prev">← Previous Work</a> ` : ''}
    Part ${s.part ?? '?'} of <a href="/series/${s.id}">${s.title}</a>
    ${s.next ? html` <a href="/works/${s.next.id}" rel="next">Next Work →</a>` : ''}
  </li>`)}</ul></div>`;
}

/**
 * A work page: one chapter (`chapter` = its position) or, with `chapter` null, the entire
 * work. Single-chapter works always show their one chapter.
 */
export function workPage(w: Work, chapter: number | null, series: SeriesNeighbours[], notice: Html | ''): Html {
  const shown = chapter === null ? w.chapters : w.chapters.filter((c) => c.position === chapter);
  const isFirst = chapter === null || chapter === 1;
  const isLast = chapter === null || chapter === w.chapters.length;
  return html`<article class="work">
${notice}
${workMeta(w, series)}
<div id="workskin">
  ${isFirst ? preface(w) : html`<div class="preface group"><h1 class="title heading"><a href="/works/${w.id}">${w.title}</a></h1><h3 class="byline heading">${creatorsLine(w.creators)}</h3></div>`}
  ${chapterNav(w, chapter, 'top')}
  <div id="chapters">${shown.map((c) => chapterBlock(w, c, chapter === null))}</div>
  ${isLast && w.endNotes ? html`<div class="end notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff">${paragraphs(w.endNotes)}</blockquote></div>` : ''}
  ${chapterNav(w, chapter, 'bottom')}
  ${isLast ? seriesNav(series) : ''}
</div>
</article>`;
}

/** AO3's adult-content notice. Proceed adds ?view_adult=true (and the archive remembers it). */
export function adultNotice(w: Work, proceedHref: string): Html {
  return html`<div class="adult notice" role="alertdialog" aria-labelledby="adult-heading">
  <h2 id="adult-heading" class="heading">This work could have adult content. If you continue, you have agreed that you are willing to see such content.</h2>
  <p><strong>${w.title}</strong> by ${creatorsLine(w.creators)} is rated <strong>${w.rating}</strong>.${w.warnings.length > 0 ? html` Archive warnings: ${w.warnings.join(', ')}.` : ''}</p>
  <ul class="actions">
    <li><a class="button primary" href="${proceedHref}">Yes, Continue</a></li>
    <li><a class="button" href="/">No, Go Back</a></li>
  </ul>
  <p class="note">Proceeding is remembered in this browser. Signed-in readers can turn this notice off in their <a href="/preferences">preferences</a>.</p>
</div>`;
}
