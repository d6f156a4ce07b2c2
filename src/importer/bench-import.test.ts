import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** A small run of `npm run bench:import`: it generates a site, imports all of it end to end and prints its figures. */
describe('bench:import at small scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-bench-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports every generated work and prints throughput, CPU time and peak memory', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/import.ts', '--scale', '300', '--words', '300', '--cache', dir], { cwd: process.cwd(), maxBuffer: 16 << 20 });
    const field = (name: string) => new RegExp(`^\\s+${name}\\s+(.+)$`, 'm').exec(stdout)?.[1] ?? '';
    expect(field('works imported')).toBe('200');
    expect(field('failed')).toBe('0');
    expect(Number(field('files read'))).toBeGreaterThan(200);
    expect(field('throughput')).toMatch(/^\d+(\.\d)? MB\/s/);
    expect(Number(/^(\d+)/.exec(field('peak RSS'))?.[1])).toBeGreaterThan(0);
  }, 120_000);
});
