import { fmtNumber, html, paragraphs } from '../html.js';
import type { Html } from '../html.js';
import type { WorkBlurb } from '../../works/index.js';
import { tagWorksPath } from '../../tags/tag-url.js';
import { TAG_TYPE_LABELS } from '../../tags/tag-types.js';
import type { TagType } from '../../tags/tag-types.js';
import { workList } from './blurb.js';
import { pagination } from './pagination.js';

export interface Listing {
  works: WorkBlurb[];
  total: number;
  page: number;
  perPage: number;
  url: URL;
}

/** "1 - 20 of 135 Works in X" like AO3's listing headings. */
function countHeading(l: Listing, what: Html | string): Html {
  if (l.total === 0) return html`<h2 class="heading">0 Works in ${what}</h2>`;
  const from = (l.page - 1) * l.perPage + 1;
  const to = Math.min(l.total, from + l.works.length - 1);
  return html`<h2 class="heading">${from} - ${to} of ${fmtNumber(l.total)} Works in ${what}</h2>`;
}

export function listingBody(l: Listing, what: Html | string, intro: Html | '' = ''): Html {
  return html`${intro}${countHeading(l, what)}
${pagination(l.url, l.page, l.perPage, l.total)}
${workList(l.works)}
${pagination(l.url, l.page, l.perPage, l.total)}`;
}

export function homePage(siteName: string, recent: WorkBlurb[], fandoms: { name: string; count: number }[], total: number): Html {
  return html`<section class="intro">
  <h1>${siteName}</h1>
  <p>A fan fiction archive: ${fmtNumber(total)} works in ${fmtNumber(fandoms.length)} fandoms. Browse by <a href="/fandoms">fandom</a>, follow a tag, or read the newest works below.</p>
</section>
<div class="home-columns">
  <section aria-labelledby="recent-heading" class="recent">
    <h2 id="recent-heading" class="heading">Recently updated works</h2>
    ${workList(recent)}
    <p><a href="/works">All works →</a></p>
  </section>
  <section aria-labelledby="fandoms-heading" class="fandom-list">
    <h2 id="fandoms-heading" class="heading">Fandoms</h2>
    ${fandomList(fandoms)}
  </section>
</div>`;
}

export function fandomList(fandoms: { name: string; count: number }[]): Html {
  if (fandoms.length === 0) return html`<p class="empty">No fandoms yet.</p>`;
  return html`<ul class="tags index">${fandoms.map((f) => html`<li><a class="tag" href="${tagWorksPath(f.name)}">${f.name}</a> (${fmtNumber(f.count)})</li>`)}</ul>`;
}

export function fandomsPage(fandoms: { name: string; count: number }[]): Html {
  return html`<h1>Fandoms</h1><p>Every fandom with works you can see, with how many works each has.</p>${fandomList(fandoms)}`;
}

export function tagPage(name: string, types: TagType[], total: number): Html {
  return html`<h1>${name}</h1>
<p>This tag belongs to the ${types.map((t) => TAG_TYPE_LABELS[t].one).join(' and ')} ${types.length > 1 ? 'categories' : 'category'}.</p>
<p><a href="${tagWorksPath(name)}">${fmtNumber(total)} works tagged ${name} →</a></p>`;
}

export function groupIntro(title: string, description: string | null, extra: Html | '' = ''): Html {
  return html`<h1>${title}</h1>${description ? html`<div class="userstuff">${paragraphs(description)}</div>` : ''}${extra}`;
}

export function collectionsPage(collections: { name: string; title: string; description: string | null }[]): Html {
  return html`<h1>Collections</h1>
${collections.length === 0 ? html`<p class="empty">No collections yet.</p>` : html`<ul class="collection index">${collections.map((c) => html`<li><h2 class="heading"><a href="/collections/${encodeURIComponent(c.name)}">${c.title}</a></h2>${c.description ? html`<div class="summary">${paragraphs(c.description)}</div>` : ''}</li>`)}</ul>`}`;
}

export function notFoundPage(what: string, hint: Html | string = ''): Html {
  return html`<div class="error-404">
  <h1>Error 404: ${what}</h1>
  <p>The page you were looking for doesn't exist here. It may have been moved, deleted, or never existed; or the address was mistyped.</p>
  ${hint ? html`<p>${hint}</p>` : ''}
  <p>You could try: <a href="/works">all works</a>, <a href="/fandoms">fandoms</a>, or the <a href="/">front page</a>.</p>
</div>`;
}

export function restrictedPage(): Html {
  return html`<div class="notice">
  <h1>This work is only available to registered users of the archive.</h1>
  <p>Its creator chose to show it to signed-in readers only.</p>
</div>`;
}

export function aboutPage(siteName: string): Html {
  return html`<h1>About ${siteName}</h1>
<div class="userstuff">
<p>${siteName} runs on Fanfold, an open-source fan fiction archive engine. It imports old archives faithfully, serves readers with tags, filters and an adult-content notice, and runs on one small machine.</p>
<h2>Ratings and the adult-content notice</h2>
<p>Every work carries one rating: Not Rated, General Audiences, Teen And Up Audiences, Mature or Explicit. Works rated Mature, Explicit or Not Rated first show a notice; choosing to continue is remembered in your browser.</p>
<h2>Imported works and their authors</h2>
<p>Some works here were imported from older archives and their authors may never have signed up. If you wrote one of them and want it taken down or want to claim it, contact the archive's administrators with the work's address; they can remove a work or all works under an author name. <a href="/takedown">How to ask for a take-down</a>.</p>
</div>`;
}

export function errorPage(status: number, message: string): Html {
  return html`<div class="error-page"><h1>Error ${status}</h1><p>${message}</p><p>Go to the <a href="/">front page</a>.</p></div>`;
}

export function takedownPage(siteName: string): Html {
  return html`<h1>Taking down an imported work</h1>
<div class="userstuff">
<p>Many works on ${siteName} were imported from older fan fiction archives. Their authors may never have signed up here, and some would rather their stories were not online any more.</p>
<h2>If you wrote an imported work</h2>
<ul>
<li>To have it <strong>taken down</strong>, write to the archive's administrators with the address of the work (or of your author page, <code>/creators/YOUR NAME</code>, to take down every work under that name). Say that you are the author and, if you can, write from an email address the old archive had for you.</li>
<li>To <strong>keep it and claim it</strong>, sign up and ask for the author name to be moved to your account; the works keep their history.</li>
</ul>
<p>Administrators hide a taken-down work from every page, listing, search and download at once; nothing is shown while a request is looked at if you ask for that.</p>
</div>`;
}
