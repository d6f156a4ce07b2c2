/**
 * Progressive enhancement for the posting form (served as /static/posting.js; the form works
 * without it): tag fields suggest names from GET /api/v1/tags/autocomplete?term=&type= in
 * their <datalist>, completing the last comma-separated tag.
 */
export const POSTING_SCRIPT = `(() => {
  const types = { fandoms: 'fandom', relationships: 'relationship', characters: 'character', freeforms: 'freeform' };
  const list = document.getElementById('tag-suggestions');
  if (!list) return;
  let timer = 0;
  for (const [field, type] of Object.entries(types)) {
    const input = document.querySelector('input[name="' + field + '"]');
    if (!input) continue;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const parts = input.value.split(',');
        const term = (parts.pop() || '').trim();
        if (term.length < 2) return;
        const prefix = parts.map((p) => p.trim()).filter(Boolean).join(', ');
        try {
          const res = await fetch('/api/v1/tags/autocomplete?term=' + encodeURIComponent(term) + '&type=' + type);
          if (!res.ok) return;
          const body = await res.json();
          const names = (body.results || []).map((r) => (typeof r === 'string' ? r : r.name)).filter(Boolean).slice(0, 15);
          list.replaceChildren(...names.map((n) => { const o = document.createElement('option'); o.value = prefix ? prefix + ', ' + n : n; return o; }));
        } catch { /* suggestions are optional */ }
      }, 200);
    });
  }
})();
`;
