import { fmtNumber, html } from '../html.js';
import type { Html } from '../html.js';
import type { QueueEntry } from '../../tags/index.js';
import { TAG_TYPE_LABELS } from '../../tags/tag-types.js';
import { tagToUrlSegment } from '../../tags/tag-url.js';
import { postForm } from './accounts-forms.js';

export interface LogRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  note: string | null;
  undoneAt: string | null;
}

/** The wrangling queue: unwrangled tags with their counts and suggestions, one form per action. */
export function queuePage(entries: QueueEntry[], fandom: string | null, message: string | null): Html {
  return html`<h1>Wrangling${fandom ? html`: ${fandom}` : ''}</h1>
${message ? html`<div class="flash" role="status"><p>${message}</p></div>` : ''}
<form method="get" action="/wrangling" class="inline-form"><label for="wq-fandom">Fandom</label> <input id="wq-fandom" name="fandom" value="${fandom ?? ''}" placeholder="all fandoms"> <button type="submit">Show queue</button> <a href="/wrangling/log">Wrangling log</a></form>
<p>${fmtNumber(entries.length)} unwrangled tags${fandom ? html` in ${fandom}` : ''}, most used first. Merging makes a tag a synonym of a canonical tag; filters use the change at once, and every change can be undone from the log.</p>
${entries.length === 0 ? html`<p class="empty">Nothing to wrangle here.</p>` : html`<table class="wrangling">
<thead><tr><th scope="col">Tag</th><th scope="col">Type</th><th scope="col">Works</th><th scope="col">Fandoms</th><th scope="col">Wrangle</th></tr></thead>
<tbody>${entries.map((e) => html`<tr>
  <th scope="row"><a href="/tags/${tagToUrlSegment(e.name)}">${e.name}</a></th>
  <td>${TAG_TYPE_LABELS[e.type].one}</td>
  <td>${fmtNumber(e.works)}</td>
  <td>${e.fandoms.join(', ')}</td>
  <td>
    ${e.suggestions.filter((s) => s.tagId !== null).map((s) => postForm('/wrangling/merge', html`<input type="hidden" name="tag_id" value="${e.tagId}"><input type="hidden" name="canonical_id" value="${s.tagId ?? ''}"><button type="submit">Merge into ${s.name}</button> <small>(${s.reason})</small>`, { cls: 'inline-form' }))}
    ${postForm('/wrangling/merge', html`<input type="hidden" name="tag_id" value="${e.tagId}"><label>Merge into <input name="canonical" placeholder="canonical tag" required></label> <button type="submit">Merge</button>`, { cls: 'inline-form' })}
    ${postForm('/wrangling/canonical', html`<input type="hidden" name="tag_id" value="${e.tagId}"><button type="submit">Make canonical</button>`, { cls: 'inline-form' })}
    ${e.type !== 'fandom' ? postForm('/wrangling/parent', html`<input type="hidden" name="child_id" value="${e.tagId}"><label>Fandom <input name="parent" value="${e.fandoms[0] ?? ''}"></label> <button type="submit">Set fandom</button>`, { cls: 'inline-form' }) : postForm('/wrangling/parent', html`<input type="hidden" name="child_id" value="${e.tagId}"><label>Meta fandom <input name="parent"></label> <button type="submit">Set meta tag</button>`, { cls: 'inline-form' })}
  </td>
</tr>`)}</tbody></table>`}`;
}

export function logPage(rows: LogRow[], message: string | null): Html {
  return html`<h1>Wrangling log</h1>
${message ? html`<div class="flash" role="status"><p>${message}</p></div>` : ''}
<p><a href="/wrangling">Back to the queue</a></p>
<table class="wrangling"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col"></th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.at.slice(0, 16).replace('T', ' ')}</td><td>${r.actor}</td><td>${r.action}${r.note ? html`: ${r.note}` : ''}</td><td>${r.undoneAt ? html`undone ${r.undoneAt.slice(0, 10)}` : postForm('/wrangling/undo', html`<input type="hidden" name="log_id" value="${r.id}"><button type="submit">Undo</button>`, { cls: 'inline-form' })}</td></tr>`)}</tbody></table>`;
}
