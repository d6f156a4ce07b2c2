import { fmtNumber, html } from '../html.js';
import type { Html } from '../html.js';
import type { TagInfo, TagRef } from '../../tags/index.js';
import { TAG_TYPE_LABELS, TAG_TYPES } from '../../tags/tag-types.js';
import { tagToUrlSegment, tagWorksPath } from '../../tags/tag-url.js';

const tagLink = (t: TagRef): Html => html`<a class="tag" href="/tags/${tagToUrlSegment(t.name)}">${t.name}</a>`;
const tagList = (tags: TagRef[]): Html => html`<ul class="tags commas">${tags.map((t, i) => html`<li>${tagLink(t)}${i < tags.length - 1 ? ', ' : ''}</li>`)}</ul>`;

function section(id: string, heading: string, tags: TagRef[]): Html | '' {
  if (tags.length === 0) return '';
  return html`<section class="tag-section" aria-labelledby="${id}"><h3 id="${id}" class="heading">${heading}</h3>${tagList(tags)}</section>`;
}

const STATUS_TEXT: Record<TagInfo['status'], string> = {
  canonical: "It's a canonical tag. You can use it to filter works.",
  synonym: "It's a synonym of a canonical tag.",
  unwrangled: "It's a common tag that has not been wrangled yet: its works are listed, but it is not yet linked to a canonical tag.",
};

/** A tag's page like AO3's: type and status, the works link, then its wrangling (parents, synonyms, sub tags, children, related). */
export function tagInfoPage(info: TagInfo, worksCount: number): Html {
  const childTypes = TAG_TYPES.filter((t) => info.children.some((c) => c.type === t));
  return html`<div class="tag-page">
<h1>${info.name}</h1>
<p>This tag belongs to the ${TAG_TYPE_LABELS[info.type].one} category. ${STATUS_TEXT[info.status]}</p>
<p><a href="${tagWorksPath(info.name)}">${fmtNumber(worksCount)} ${worksCount === 1 ? 'work' : 'works'} tagged ${info.name} →</a></p>
${section('parent-tags', 'Parent tags (more general)', info.parents)}
${section('synonyms', 'Tags with the same meaning', info.synonyms)}
${section('sub-tags', 'Sub tags (more specific)', info.subTags)}
${childTypes.map((t) => section(`children-${t}`, TAG_TYPE_LABELS[t].many, info.children.filter((c) => c.type === t)))}
${section('related-tags', 'Related tags', info.related)}
</div>`;
}
