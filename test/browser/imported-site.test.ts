import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCli, startServer } from '../support/cli.js';
import type { RunningServer } from '../support/cli.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { generateLegacySite } from '../../src/importer/generate-site.js';

const run = chromiumAvailable();

describe.runIf(run)('an imported legacy site in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-imported-'));
  const site = generateLegacySite({ works: 40, wordsPerFile: 120, seed: 21 });
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    for (const [rel, bytes] of site.files) {
      mkdirSync(dirname(join(dir, 'site', rel)), { recursive: true });
      writeFileSync(join(dir, 'site', rel), bytes);
    }
    const imported = await runCli(['--data', join(dir, 'data'), 'import', '--archive', 'Harbour Lights Archive', join(dir, 'site')]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`imported ${site.expected.length}, updated 0, unchanged 0, failed 0`);
    server = await startServer(['--data', join(dir, 'data')]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the imported works with their ratings and gates the adult ones', async () => {
    // The archive is not empty, so no samples were loaded.
    expect(server.stderr()).not.toContain('sample works');
    const page = await browser.newPage();
    await page.goto(`${server.url}/collections/harbour-lights-archive`);
    expect(await page.locator('main h2.heading').first().innerText()).toContain(`of ${site.expected.length} Works in Harbour Lights Archive`);

    const explicit = site.expected.find((w) => w.rating === 'Explicit');
    const general = site.expected.find((w) => w.rating === 'General Audiences');
    expect(explicit && general).toBeTruthy();
    if (!explicit || !general) return;

    // Each blurb's rating square says the mapped rating.
    await page.goto(`${server.url}/works?page=1`);
    const pages = Math.ceil(site.expected.length / 20);
    let seen = 0;
    for (let p = 1; p <= pages; p++) {
      await page.goto(`${server.url}/works?page=${p}`);
      for (const blurb of await page.locator('li.blurb').all()) {
        const title = await blurb.locator('h3.heading a').first().innerText();
        const rating = await blurb.locator('.required-tags li:first-child .sym').getAttribute('title');
        expect(rating, title).toBe(site.expected.find((w) => w.title === title)?.rating);
        seen++;
      }
    }
    expect(seen).toBe(site.expected.length);

    await page.goto(`${server.url}/works`);
    await page.goto(`${server.url}/archive-path/${explicit.path}`);
    expect(await page.locator('.adult.notice').innerText()).toContain('This work could have adult content');
    expect(await page.locator('.adult.notice').innerText()).toContain('Explicit');
    await page.getByRole('link', { name: 'Yes, Continue' }).click();
    expect(await page.locator('dd.rating').innerText()).toBe('Explicit');
    expect(await page.locator('.preface h1.title').innerText()).toBe(explicit.title);

    const fresh = await browser.newPage();
    await fresh.goto(`${server.url}/archive-path/${general.path}`);
    expect(await fresh.locator('.adult.notice').count()).toBe(0);
    expect(await fresh.locator('dd.rating').innerText()).toBe('General Audiences');
    expect(await fresh.locator('.byline').innerText()).toBe(general.author);
  });
});
