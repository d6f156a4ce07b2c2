import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer } from '../support/cli.js';
import type { RunningServer } from '../support/cli.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';

const run = chromiumAvailable();

describe.runIf(run)('a reader in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-browser-'));
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(['--data', dir]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a sample work, passes the adult notice, reads chapters and follows a tag', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await expect(page.locator('h2#recent-heading')).toHaveTextSafe('Recently updated works');
    expect(await page.locator('li.blurb').count()).toBe(10);

    // A Mature sample: the notice comes first.
    await page.goto(server.url + '/works');
    await page.getByRole('link', { name: 'True North Is a Direction, Not a Place' }).click();
    expect(await page.locator('.adult.notice h2').innerText()).toContain('This work could have adult content');
    expect(await page.locator('#chapters').count()).toBe(0);

    await page.getByRole('link', { name: 'Yes, Continue' }).click();
    expect(page.url()).toContain('view_adult=true');
    expect(await page.locator('#chapters .chapter .title').first().innerText()).toBe('Chapter 1: Dead Reckoning');

    await page.getByRole('link', { name: 'Next Chapter →' }).first().click();
    expect(page.url()).toMatch(/\/chapters\/2/);
    expect(await page.locator('#chapters .chapter .title').first().innerText()).toMatch(/^Chapter 2/);
    await page.getByRole('link', { name: '← Previous Chapter' }).first().click();
    expect(page.url()).toMatch(/\/chapters\/1/);

    // Proceed is remembered by this browser: the work opens directly now.
    await page.goto(page.url().replace(/\/chapters\/1.*$/, ''));
    expect(await page.locator('.adult.notice').count()).toBe(0);

    // A tag link lists the works carrying it.
    await page.locator('dd.fandom a.tag').first().click();
    expect(page.url()).toContain('/tags/The%20Cartographers%20of%20Vell%20(Novels)/works');
    expect(await page.locator('main h2.heading').first().innerText()).toMatch(/^1 - 6 of 6 Works in The Cartographers of Vell \(Novels\)/);
    expect(await page.locator('li.blurb').count()).toBe(6);
    await page.close();
  });
});

declare module 'vitest' {
  interface Assertion {
    toHaveTextSafe(expected: string): Promise<void>;
  }
}
expect.extend({
  async toHaveTextSafe(locator: { innerText(): Promise<string> }, expected: string) {
    const actual = (await locator.innerText()).trim();
    return { pass: actual === expected, message: () => `expected text "${expected}", got "${actual}"` };
  },
});
