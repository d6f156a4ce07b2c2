import { html } from '../html.js';
import type { Html } from '../html.js';

/** Page links: Previous, a window of numbers with gaps, Next. Works without JavaScript. */
export function pagination(base: URL, page: number, perPage: number, total: number): Html | '' {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return '';
  const href = (n: number) => {
    const u = new URL(base);
    if (n === 1) u.searchParams.delete('page');
    else u.searchParams.set('page', String(n));
    return u.pathname + u.search;
  };
  const shown = new Set([1, 2, pages - 1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const nums = [...shown].sort((a, b) => a - b);
  const items: Html[] = [];
  let prev = 0;
  for (const n of nums) {
    if (n - prev > 1) items.push(html`<li class="gap" aria-hidden="true">…</li>`);
    items.push(n === page ? html`<li><span class="current" aria-current="page">${n}</span></li>` : html`<li><a href="${href(n)}">${n}</a></li>`);
    prev = n;
  }
  return html`<nav class="pagination" aria-label="Pagination"><ol>
  <li>${page > 1 ? html`<a rel="prev" href="${href(page - 1)}">← Previous</a>` : html`<span class="disabled">← Previous</span>`}</li>
  ${items}
  <li>${page < pages ? html`<a rel="next" href="${href(page + 1)}">Next →</a>` : html`<span class="disabled">Next →</span>`}</li>
</ol></nav>`;
}
