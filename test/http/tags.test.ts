import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import { createWorkService } from '../../src/works/index.js';
import type { TestStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import { loadSamples } from '../../src/samples/load-samples.js';
import { createTagService } from '../../src/tags/index.js';
import type { TagService } from '../../src/tags/index.js';
import type { createApp } from '../../src/web/app.js';
import { tagWorksPath } from '../../src/tags/tag-url.js';
import { SAMPLES_DIR } from '../../src/paths.js';

const VELL = 'The Cartographers of Vell (Novels)';

describe.each(await availableKinds())('tag pages on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let tags: TagService;
  let app: ReturnType<typeof createApp>;
  const get = (path: string) => app.request(path);
  const text = async (path: string) => (await get(path)).text();

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    await loadSamples(db);
    const works = createWorkService(db);
    tags = createTagService(db);
    for (const file of readdirSync(join(SAMPLES_DIR, 'fandoms'))) await tags.loadDictionary(readFileSync(join(SAMPLES_DIR, 'fandoms', file), 'utf8'), 'cli');
    await works.save(workInput({ title: 'Written With An Alias', fandoms: ['CoV'], relationships: ['TO/CM'], characters: [], freeforms: ['Fluff'] }));
    await works.save(workInput({ title: 'Unwrangled Thing', fandoms: [VELL], relationships: ['T/C'], characters: [], freeforms: ['Odd <b>Tag</b>'] }));
    app = (await testApp(db)).app;
  });
  afterAll(() => store.cleanup());

  it('a canonical tag page shows its type, synonyms, parents, sub tags, children, related tags and works link', async () => {
    const res = await get(`/tags/${encodeURIComponent(VELL)}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(`<h1>${VELL}</h1>`);
    expect(body).toContain('This tag belongs to the Fandom category. It&#39;s a canonical tag.');
    expect(body).toContain('8 works tagged');
    expect(body).toContain('Tags with the same meaning');
    for (const alias of ['CoV', 'Vell Books', 'Cartographers of Vell']) expect(body).toContain(`>${alias}</a>`);
    expect(body).toContain('<h3 id="children-character" class="heading">Characters</h3>');
    expect(body).toContain('>Ismay Thorne</a>');
    expect(body).toContain('Related tags');

    const parent = await text('/tags/Emberfall%20(Video%20Games)');
    expect(parent).toContain('Sub tags (more specific)');
    expect(parent).toContain('>Emberfall: Hollow Crown (Video Game)</a>');
    const sub = await text(`/tags/${encodeURIComponent('Emberfall: Hollow Crown (Video Game)')}`);
    expect(sub).toContain('Parent tags (more general)');
  });

  it("a synonym's page and works page redirect (301) to its canonical tag's, keeping the query", async () => {
    const res = await get('/tags/CoV');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tags/The%20Cartographers%20of%20Vell%20(Novels)');
    const worksRes = await get('/tags/TO*s*CM/works?page=1');
    expect(worksRes.status).toBe(301);
    expect(worksRes.headers.get('location')).toBe(`${tagWorksPath('Tamsin Oduya/Celeste Marr')}?page=1`);
  });

  it('works pages filter by the canonical tag with synonyms and sub tags', async () => {
    const vell = await text(tagWorksPath(VELL));
    expect(vell).toContain('1 - 8 of 8 Works in');
    expect(vell).toContain('Written With An Alias');
    const pairing = await text(tagWorksPath('Tamsin Oduya/Celeste Marr'));
    expect(pairing).toContain('1 - 3 of 3 Works in');
    expect(pairing).toContain('Written With An Alias');
    const media = await text(tagWorksPath('Emberfall (Video Games)'));
    expect(media).toContain('1 - 5 of 5 Works in');
    expect(media).toContain('A Map of Somewhere Else');
  });

  it('an unwrangled tag has a page and its works, and names are escaped', async () => {
    const body = await text('/tags/T*s*C');
    expect(body).toContain('has not been wrangled yet');
    expect(await text('/tags/T*s*C/works')).toContain('Unwrangled Thing');
    const odd = await text(`/tags/${encodeURIComponent('Odd <b>Tag</b>')}`);
    expect(odd).toContain('Odd &lt;b&gt;Tag&lt;/b&gt;');
    expect((await get('/tags/No%20Such%20Tag')).status).toBe(404);
  });

  it('autocomplete answers JSON, canonical tags first, optionally of one type', async () => {
    const res = await get('/api/v1/tags/autocomplete?term=tam');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const { results } = (await res.json()) as { results: { name: string; type: string; canonical: boolean; canonicalName: string | null }[] };
    expect(results[0]).toEqual({ name: 'Tamsin Oduya', type: 'character', canonical: true, canonicalName: null });
    expect(results.map((r) => r.name)).toContain('Tamsin Oduya/Celeste Marr');
    const rels = (await (await get('/api/v1/tags/autocomplete?term=cov&type=fandom')).json()) as { results: { name: string; canonicalName: string | null }[] };
    expect(rels.results).toEqual([{ name: 'CoV', type: 'fandom', canonical: false, canonicalName: VELL }]);
    expect(await (await get('/api/v1/tags/autocomplete')).json()).toEqual({ results: [] });
    const bad = await get('/api/v1/tags/autocomplete?term=x&type=pairing');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_query');
  });
});
