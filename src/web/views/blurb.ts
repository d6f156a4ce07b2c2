import { fmtDate, fmtNumber, html, languageName, paragraphs } from '../html.js';
import type { Html } from '../html.js';
import type { WorkBlurb } from '../../works/index.js';
import { tagWorksPath } from '../../tags/tag-url.js';
import { requiredTags } from './symbols.js';
import { requestState } from '../middleware/request-state.js';

export const tagLink = (name: string, cls = 'tag'): Html => html`<a class="${cls}" href="${tagWorksPath(name)}">${name}</a>`;

export function creatorsLine(creators: WorkBlurb['creators']): Html {
  if (creators.length === 0) return html`<span class="orphan">Anonymous</span>`;
  return html`${creators.map((c, i) => html`${i > 0 ? (i === creators.length - 1 ? ' and ' : ', ') : ''}<a rel="author" href="${c.url}">${c.name}</a>`)}`;
}

export function chaptersLabel(posted: number, expected: number | null): string {
  return `${posted}/${expected ?? '?'}`;
}

/** One work in a listing, shaped like AO3's blurb. */
export function blurb(w: WorkBlurb, extra: Html | '' = ''): Html {
  const prefs = requestState().prefs;
  const tagItems = [
    ...(prefs.hideWarnings ? [] : w.warnings.map((t) => html`<li class="warnings">${tagLink(t)}</li>`)),
    ...w.relationships.map((t) => html`<li class="relationships">${tagLink(t)}</li>`),
    ...w.characters.map((t) => html`<li class="characters">${tagLink(t)}</li>`),
    ...w.freeforms.map((t) => html`<li class="freeforms">${tagLink(t)}</li>`),
  ];
  return html`<li class="blurb" id="work_${w.id}">
  <div class="blurb-header">
    <h3 class="heading"><a href="/works/${w.id}">${w.title}</a> by ${creatorsLine(w.creators)}</h3>
    <h4 class="fandoms heading"><span class="visually-hidden">Fandoms: </span>${w.fandoms.map((f, i) => html`${i > 0 ? ', ' : ''}${tagLink(f)}`)}</h4>
    ${requiredTags(w)}
    <p class="datetime">${fmtDate(w.updatedAt)}</p>
  </div>
  ${prefs.hideWarnings && w.warnings.length > 0 ? html`<details class="warnings-reveal"><summary>Archive warnings hidden: show them</summary><ul class="tags commas">${w.warnings.map((t) => html`<li class="warnings">${tagLink(t)}</li>`)}</ul></details>` : ''}
  ${tagItems.length > 0 ? html`<h5 class="visually-hidden">Tags</h5><ul class="tags commas">${tagItems}</ul>` : ''}
  ${w.summary ? html`<h5 class="visually-hidden">Summary</h5><blockquote class="summary">${paragraphs(w.summary)}</blockquote>` : ''}
  ${extra}
  ${w.series.length > 0 ? html`<ul class="series">${w.series.map((s) => html`<li>Part <strong>${s.part ?? '?'}</strong> of <a href="/series/${s.id}">${s.title}</a></li>`)}</ul>` : ''}
  <dl class="stats">
    <dt>Language:</dt><dd>${languageName(w.language)}</dd>
    <dt>Words:</dt><dd>${fmtNumber(w.words)}</dd>
    <dt>Chapters:</dt><dd>${chaptersLabel(w.chapterCount, w.expectedChapters)}</dd>
    ${w.stats.kudos > 0 ? html`<dt>Kudos:</dt><dd>${fmtNumber(w.stats.kudos)}</dd>` : ''}
    ${w.stats.bookmarks > 0 ? html`<dt>Bookmarks:</dt><dd>${fmtNumber(w.stats.bookmarks)}</dd>` : ''}
    <dt>Hits:</dt><dd>${fmtNumber(w.stats.hits)}</dd>
  </dl>
</li>`;
}

export function workList(works: WorkBlurb[], extras?: (w: WorkBlurb) => Html | ''): Html {
  if (works.length === 0) return html`<p class="empty">No works to show here yet.</p>`;
  return html`<ol class="work-index">${works.map((w) => blurb(w, extras ? extras(w) : ''))}</ol>`;
}
