import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bundleWorker } from './worker-bundle.js';

describe('bundleWorker', () => {
  const root = mkdtempSync(join(tmpdir(), 'fanfold-bundle-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const at = (rel: string, text: string, seconds: number) => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    utimesSync(p, seconds, seconds);
    return p;
  };

  it('uses the bundle in dist/workers when no source file is newer', async () => {
    const source = at('src/importer/mod.ts', 'export const x: number = 1;\n', 1_000_000);
    at('src/other/dep.ts', 'export {};\n', 1_000_000);
    const prebuilt = at('dist/workers/mod-worker.mjs', 'export const x = 1;\n', 2_000_000);
    const fromSource = await bundleWorker(pathToFileURL(source).href, 'src/importer/mod.ts', 'mod-worker');
    expect(fromSource && fileURLToPath(fromSource.url)).toBe(prebuilt);
    // From the CLI bundle (dist/fanfold.mjs) the same bundle.
    const fromCli = await bundleWorker(pathToFileURL(join(root, 'dist/fanfold.mjs')).href, 'src/importer/mod.ts', 'mod-worker');
    expect(fromCli && fileURLToPath(fromCli.url)).toBe(prebuilt);
  });

  it('bundles afresh when a source file changed after the bundle was built', async () => {
    // (A new process: the newest source time is looked up once per process.)
    vi.resetModules();
    const { bundleWorker: fresh } = await import('./worker-bundle.js');
    const source = join(root, 'src/importer/mod.ts');
    at('src/other/dep.ts', 'export {};\n', 3_000_000);
    const entry = await fresh(pathToFileURL(source).href, 'src/importer/mod.ts', 'mod-worker');
    expect(entry).not.toBeNull();
    expect(fileURLToPath((entry as { url: URL }).url)).toContain(join(root, 'node_modules/.cache/fanfold/mod-worker-'));
    entry?.cleanup();
  });
});
