import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../support/cli.js';
import type { RunningServer } from '../support/cli.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';

const run = chromiumAvailable();

describe.runIf(run)('a writer in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-posting-'));
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(['--data', dir], ['--no-samples']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const chapterTitles = (page: Page) => page.locator('#chapters .chapter .title').allInnerTexts();

  it('signs up, posts a two-chapter Explicit work, a guest passes the notice; the writer edits, reorders and deletes', async () => {
    const writer = await browser.newContext();
    const page = await writer.newPage();
    await page.goto(server.url + '/');
    await page.getByRole('link', { name: 'Sign Up' }).click();
    await page.getByLabel('User name').fill('brightquill');
    await page.getByLabel('Email').fill('brightquill@example.org');
    await page.getByLabel('Password', { exact: true }).fill('lanterns over the river');
    await page.getByLabel('Confirm password').fill('lanterns over the river');
    await page.getByLabel('I have read and accept the Terms of Service').check();
    await page.getByLabel('I am at least 13 years old').check();
    await page.getByRole('button', { name: 'Create Account' }).click();
    expect(await page.locator('.account-link').innerText()).toBe('Hi, brightquill!');

    // Post a new Explicit work with tags and its first chapter.
    await page.getByRole('link', { name: 'Post New Work' }).click();
    await page.getByLabel('Rating').selectOption('Explicit');
    await page.getByLabel('No Archive Warnings Apply').check();
    await page.getByLabel('F/M').check();
    await page.getByLabel('Fandoms').fill('Lantern Festival (Original Work)');
    await page.getByLabel('Relationships').fill('Mira/Tomas');
    await page.getByLabel('Characters').fill('Mira, Tomas');
    await page.getByLabel('Additional Tags').fill('Slow Burn, First Kiss');
    await page.getByLabel('Work Title').fill('Lanterns Over the River');
    await page.getByLabel('Summary', { exact: true }).fill('Two people, one festival night.');
    await page.getByLabel('Expected number of chapters').fill('2');
    await page.getByLabel('Chapter title (optional)').fill('The Bridge');
    await page.getByLabel('Markdown').check();
    await page.getByLabel('Chapter text', { exact: true }).fill('The lanterns rose *slowly* over the water.\n\nMira watched.');
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('.flash.notice').innerText()).toContain('Preview');
    expect(await page.locator('.userstuff em').first().innerText()).toBe('slowly');
    await page.getByRole('button', { name: 'Post Work' }).click();
    expect(await page.locator('.flash.notice').innerText()).toContain('successfully posted');
    const workUrl = page.url().replace(/\?.*$/, '');

    await page.getByRole('link', { name: 'Add Chapter' }).click();
    await page.getByLabel('Chapter title (optional)').fill('The Boat');
    await page.getByLabel('Chapter text', { exact: true }).fill('<p>Tomas rowed out past the last lantern.</p>');
    await page.getByRole('button', { name: 'Post Chapter' }).click();
    expect(page.url()).toMatch(/\/chapters\/2$/);
    expect(await chapterTitles(page)).toEqual(['Chapter 2: The Boat']);

    // Log out; a guest meets the adult notice, proceeds and reads.
    await page.getByRole('button', { name: 'Log Out' }).click();
    expect(await page.getByRole('link', { name: 'Log In' }).count()).toBe(1);
    const guest = await (await browser.newContext()).newPage();
    await guest.goto(workUrl);
    expect(await guest.locator('.adult.notice h2').innerText()).toContain('This work could have adult content');
    expect(await guest.locator('#chapters').count()).toBe(0);
    await guest.getByRole('link', { name: 'Yes, Continue' }).click();
    expect(await guest.locator('h1.title').innerText()).toBe('Lanterns Over the River');
    expect(await chapterTitles(guest)).toEqual(['Chapter 1: The Bridge']);
    expect(await guest.locator('dd.freeform').innerText()).toContain('Slow Burn');
    expect(await guest.getByRole('link', { name: 'Edit Work' }).count()).toBe(0);

    // Back as the writer: edit a chapter.
    await page.getByRole('link', { name: 'Log In' }).click();
    await page.getByLabel('User name or email').fill('brightquill');
    await page.getByLabel('Password', { exact: true }).fill('lanterns over the river');
    await page.getByRole('button', { name: 'Log In' }).click();
    await page.goto(workUrl + '?view_full_work=true');
    await page.getByRole('link', { name: 'Manage Chapters' }).click();
    await page.locator('.manage-chapters li').nth(0).getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Markdown').check();
    await page.getByLabel('Chapter text', { exact: true }).fill('The lanterns rose **faster** than anyone expected.');
    await page.getByRole('button', { name: 'Update Chapter' }).click();
    expect(await page.locator('.userstuff strong').first().innerText()).toBe('faster');

    // Reorder: the boat first.
    await page.getByRole('link', { name: 'Manage Chapters' }).click();
    await page.getByLabel('Chapter 1: The Bridge').fill('2');
    await page.getByLabel('Chapter 2: The Boat').fill('1');
    await page.getByRole('button', { name: 'Update Positions' }).click();
    expect(await page.locator('.manage-chapters label').allInnerTexts()).toEqual([expect.stringContaining('Chapter 1: The Boat'), expect.stringContaining('Chapter 2: The Bridge')]);
    await guest.goto(workUrl + '?view_full_work=true');
    expect(await chapterTitles(guest)).toEqual(['Chapter 1: The Boat', 'Chapter 2: The Bridge']);

    // Delete the work, with confirmation.
    await page.goto(workUrl);
    await page.getByRole('link', { name: 'Delete Work' }).click();
    await page.getByRole('button', { name: 'Yes, Delete Work' }).click();
    expect(page.url()).toContain('/account');
    expect(await page.locator('main').innerText()).toContain('You have not posted anything yet.');
    const gone = await guest.goto(workUrl);
    expect(gone?.status()).toBe(404);
    await writer.close();
  });
});
