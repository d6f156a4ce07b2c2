import { html } from '../html.js';
import type { Html } from '../html.js';
import { RATING_SYMBOL } from '../../tags/tag-types.js';
import type { Rating } from '../../tags/tag-types.js';

/**
 * AO3's four "required tags" squares: rating, warnings, category, complete. Each is a
 * coloured square with a letter and a text label for screen readers and tooltips.
 */
export function requiredTags(w: { rating: Rating; warnings: string[]; categories: string[]; complete: boolean }): Html {
  const r = RATING_SYMBOL[w.rating];
  const warnKey = w.warnings.length === 0 || w.warnings.includes('Creator Chose Not To Use Archive Warnings')
    ? 'choosenotto'
    : w.warnings.every((x) => x === 'No Archive Warnings Apply') ? 'nowarnings' : 'warnings';
  const warnLetter = warnKey === 'warnings' ? '!' : warnKey === 'choosenotto' ? '?' : '';
  const catKey = w.categories.length === 0 ? 'none' : w.categories.length > 1 ? 'multi' : categoryKey(w.categories[0] as string);
  const catLabel = w.categories.length === 0 ? 'No category' : w.categories.join(', ');
  const warnLabel = w.warnings.length === 0 ? 'No archive warnings stated' : w.warnings.join(', ');
  return html`<ul class="required-tags">
  <li><span class="sym rating-${r.key}" title="${w.rating}"><span class="sym-letter" aria-hidden="true">${r.letter}</span><span class="visually-hidden">${w.rating}</span></span></li>
  <li><span class="sym warning-${warnKey}" title="${warnLabel}"><span class="sym-letter" aria-hidden="true">${warnLetter}</span><span class="visually-hidden">${warnLabel}</span></span></li>
  <li><span class="sym category-${catKey}" title="${catLabel}"><span class="sym-letter" aria-hidden="true"></span><span class="visually-hidden">${catLabel}</span></span></li>
  <li><span class="sym ${w.complete ? 'complete-yes' : 'complete-no'}" title="${w.complete ? 'Complete Work' : 'Work in Progress'}"><span class="sym-letter" aria-hidden="true">${w.complete ? '✓' : ''}</span><span class="visually-hidden">${w.complete ? 'Complete Work' : 'Work in Progress'}</span></span></li>
</ul>`;
}

function categoryKey(c: string): string {
  switch (c) {
    case 'F/F': return 'femslash';
    case 'F/M': return 'het';
    case 'M/M': return 'slash';
    case 'Gen': return 'gen';
    case 'Multi': return 'multi';
    default: return 'other';
  }
}
