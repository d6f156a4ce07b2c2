import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** A small run of `npm run bench:search`: it must finish, and the fast path must equal the SQL baseline. */
describe('bench:search at small scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table with identical results', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/search.ts', '--scale', '400', '--text-works', '40', '--text-words', '500', '--runs', '3', '--sql-runs', '1', '--no-pg', '--cache', dir],
      { cwd: process.cwd(), maxBuffer: 16 << 20 },
    );
    for (const shape of ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']) expect(stderr).toContain(shape);
    expect(stderr).not.toMatch(/\bNO\s*$/m);
    const results = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as { shapes: { same: boolean }[]; newWorkVisibleMs: number }[];
    expect(results[0]?.shapes.every((s) => s.same)).toBe(true);
    expect(results[0]?.newWorkVisibleMs).toBeGreaterThan(0);
  }, 120_000);
});
