import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * A small run of `npm run bench:search` (3,000 works; a text archive of 200 works × 1,000
 * words): it must finish, and the fast path must equal the SQL baseline on every shape.
 */
describe('bench:search at small scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table with identical results', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/search.ts', '--scale', '3000', '--text-works', '200', '--text-words', '1000', '--runs', '3', '--sql-runs', '1', '--no-pg', '--cache', dir],
      { cwd: process.cwd(), maxBuffer: 16 << 20 },
    );
    for (const shape of ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']) expect(stderr).toContain(shape);
    expect(stderr).not.toMatch(/\bNO\s*$/m);
    const results = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as { shapes: { same: boolean; total: number }[]; newWorkVisibleMs: number }[];
    expect(results[0]?.shapes.every((s) => s.same)).toBe(true);
    // Every shape finds something, so that "same" compares results, not two empty lists.
    expect(results[0]?.shapes.map((s) => s.total).every((n) => n > 0)).toBe(true);
    expect(results[0]?.newWorkVisibleMs).toBeGreaterThan(0);
  }, 120_000);
});
