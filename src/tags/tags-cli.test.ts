import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';
import { SAMPLES_DIR } from '../paths.js';

/** Runs the CLI in this process (the real program; only stdout and stderr are captured). */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** `fanfold tags …` on a SQLite archive (the store tests cover PostgreSQL). */
describe('fanfold tags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-tags-cli-'));
  const data = join(dir, 'archive');
  const cli = (...args: string[]) => runCli(['--data', data, 'tags', ...args]);
  const samples = join(SAMPLES_DIR, 'fandoms');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the sample dictionaries once; loading them again changes nothing', async () => {
    const files = ['cartographers-of-vell', 'emberfall-hollow-crown', 'orbital-greenhouse-9'].map((f) => join(samples, `${f}.yaml`));
    const first = await cli('load-dictionary', ...files);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('fandom "CoV" is a synonym of "The Cartographers of Vell (Novels)"');
    const again = await cli('load-dictionary', ...files);
    expect(again).toMatchObject({ code: 0, stdout: '' });
  }, 60_000);

  it('export → apply on the same archive changes nothing; a dry run prints changes and writes nothing', async () => {
    const exported = await cli('export');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('- tag: CoV\n  type: fandom\n  canonical: The Cartographers of Vell (Novels)');
    writeFileSync(join(dir, 'export.yaml'), exported.stdout);
    expect(await cli('apply', join(dir, 'export.yaml'))).toMatchObject({ code: 0, stdout: '' });

    writeFileSync(join(dir, 'map.csv'), 'tag,type,canonical,fandom\r\nVelltown,fandom,The Cartographers of Vell (Novels),\r\n"Izzy, Apprentice",character,Ismay Thorne,\r\nOops,pairing,,\r\n');
    const dry = await cli('apply', join(dir, 'map.csv'), '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('fandom "Velltown": synonym of "The Cartographers of Vell (Novels)"');
    expect(dry.stdout).toContain('character "Izzy, Apprentice": synonym of "Ismay Thorne"');
    expect(dry.stderr).toContain('map.csv:4: type:');
    expect(dry.stderr).toContain('dry run: nothing written');
    expect((await cli('export')).stdout).toBe(exported.stdout);

    expect((await cli('apply', join(dir, 'map.csv'))).stdout).toBe(dry.stdout);
    expect((await cli('apply', join(dir, 'map.csv'))).stdout).toBe('');
    expect(await cli('export', '--out', join(dir, 'out.csv'))).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain('"Izzy, Apprentice",character,Ismay Thorne,\n');
  }, 60_000);

  it('undo reverts a logged change; usage mistakes exit 2', async () => {
    const log = (await cli('log', '--limit', '1')).stdout;
    const id = log.split('\t')[0] as string;
    expect(await cli('undo', id)).toMatchObject({ code: 0 });
    expect((await cli('undo', id)).code).toBe(1);
    expect((await cli('undo', 'x')).code).toBe(2);
    expect((await cli('queue', '--fandom', 'No Such Fandom')).code).toBe(2);
    expect((await cli('apply', join(dir, 'missing.yaml'))).code).toBe(2);
  }, 60_000);
});
