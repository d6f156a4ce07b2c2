import { fmtNumber, html, trusted } from '../html.js';
import type { Html } from '../html.js';
import type { Facets, FacetType, SearchRequest } from '../../search/index.js';
import { TAG_TYPE_LABELS } from '../../tags/tag-types.js';

const SORT_LABELS: [string, string][] = [
  ['', 'Default'], ['best_match', 'Best match'], ['updated', 'Date updated'], ['posted', 'Date posted'], ['title', 'Title'], ['creator', 'Creator'],
  ['words', 'Word count'], ['hits', 'Hits'], ['kudos', 'Kudos'], ['comments', 'Comments'], ['bookmarks', 'Bookmarks'],
];

/** Parameters of the request as they came, for re-filling the form. */
export type RawParams = URLSearchParams;

function checked(params: RawParams, name: string, value: string): boolean {
  return params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).includes(value.toLowerCase());
}

/**
 * AO3's filter sidebar as a plain GET form: the top tags of each type in the current results
 * with their counts, to include or exclude, plus the other filters. `fixed` names the
 * parameters the page itself sets (a tag page's tag, a collection's name) as hidden fields.
 */
export function filterForm(action: string, params: RawParams, facets: Facets, total: number, fixed: Record<string, string>): Html {
  const facetGroup = (type: FacetType) => {
    const entries = facets[type];
    if (entries.length === 0) return '';
    const single = type === 'rating' || type === 'warning' || type === 'category';
    return html`<fieldset class="facet"><legend>${TAG_TYPE_LABELS[type].many}</legend><ul>
    ${entries.map((e) => {
      const incName = single ? type : 'include';
      return html`<li><label><input type="checkbox" name="${incName}" value="${e.tag}" ${checked(params, incName, e.tag) ? 'checked' : ''}> ${e.tag} <span class="count">(${fmtNumber(e.count)})</span></label></li>`;
    })}</ul></fieldset>`;
  };
  const excludable = (['fandom', 'relationship', 'character', 'freeform', 'warning', 'category', 'rating'] as FacetType[]).flatMap((t) => facets[t].map((e) => e.tag));
  return html`<form class="filters" method="get" action="${action}" aria-label="Filter works">
  <h2 class="heading">Filter results <span class="count">(${fmtNumber(total)} works)</span></h2>
  ${Object.entries(fixed).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <p><label for="filter-q">Search within results</label><input id="filter-q" type="search" name="q" value="${params.get('q') ?? ''}" placeholder='words, "a phrase", -not, title:…'></p>
  <p><label for="filter-sort">Sort by</label><select id="filter-sort" name="sort">${SORT_LABELS.map(([v, l]) => html`<option value="${v}" ${params.get('sort') === v || (!params.get('sort') && v === '') ? 'selected' : ''}>${l}</option>`)}</select>
  <select name="order" aria-label="Order"><option value="desc" ${params.get('order') !== 'asc' ? 'selected' : ''}>Descending</option><option value="asc" ${params.get('order') === 'asc' ? 'selected' : ''}>Ascending</option></select></p>
  <details open><summary>Include</summary>${(['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as FacetType[]).map(facetGroup)}</details>
  <details><summary>Exclude</summary><fieldset class="facet"><legend>Tags to exclude</legend><ul>
    ${[...new Set(excludable)].map((t) => html`<li><label><input type="checkbox" name="exclude" value="${t}" ${checked(params, 'exclude', t) ? 'checked' : ''}> ${t}</label></li>`)}
  </ul></fieldset></details>
  <details><summary>More options</summary>
    <p><label for="f-other-inc">Other tags to include</label><input id="f-other-inc" name="include" value="" placeholder="comma-separated"></p>
    <p><label for="f-other-exc">Other tags to exclude</label><input id="f-other-exc" name="exclude" value="" placeholder="comma-separated"></p>
    <fieldset><legend>Crossovers</legend>
      ${(['include', 'exclude', 'only'] as const).map((v) => html`<label><input type="radio" name="crossover" value="${v}" ${(params.get('crossover') ?? 'include') === v ? 'checked' : ''}> ${v === 'include' ? 'Include crossovers' : v === 'exclude' ? 'Exclude crossovers' : 'Only crossovers'}</label> `)}
    </fieldset>
    <fieldset><legend>Completion status</legend>
      <label><input type="radio" name="complete" value="" ${!params.get('complete') ? 'checked' : ''}> All works</label>
      <label><input type="radio" name="complete" value="true" ${params.get('complete') === 'true' ? 'checked' : ''}> Complete works only</label>
      <label><input type="radio" name="complete" value="false" ${params.get('complete') === 'false' ? 'checked' : ''}> Works in progress only</label>
    </fieldset>
    <p><label for="f-wmin">Words from</label><input id="f-wmin" name="words_min" inputmode="numeric" value="${params.get('words_min') ?? ''}"> <label for="f-wmax">to</label><input id="f-wmax" name="words_max" inputmode="numeric" value="${params.get('words_max') ?? ''}"></p>
    <p><label for="f-ua">Updated after</label><input id="f-ua" type="date" name="updated_after" value="${params.get('updated_after') ?? ''}"> <label for="f-ub">before</label><input id="f-ub" type="date" name="updated_before" value="${params.get('updated_before') ?? ''}"></p>
    <p><label for="f-lang">Language code</label><input id="f-lang" name="language" value="${params.get('language') ?? ''}" placeholder="en"></p>
  </details>
  <p class="actions"><button type="submit">Sort and Filter</button> <a href="${action}${Object.keys(fixed).length > 0 ? `?${new URLSearchParams(fixed).toString()}` : ''}">Clear filters</a></p>
</form>`;
}

export function snippetList(snippets: string[] | undefined): Html | '' {
  if (!snippets || snippets.length === 0) return '';
  // Snippets come escaped from the search capability, with <mark> around the matches.
  return html`<ul class="snippets">${snippets.map((s) => html`<li>${trusted(s)}</li>`)}</ul>`;
}

export type { SearchRequest };
