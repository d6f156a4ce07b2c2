/**
 * `npx tsx bench/parse-only.ts [DIR] [--rounds N] [--every K] [--no-nav] [--no-check] [--clone]`
 *
 * The import's CPU-bound half alone, on this thread: every HTML page through the navigation
 * job, every story file through the parse job (read, SHA-256, parse, prepare), exactly as a
 * parse worker runs them (`runJob`). Prints MB per CPU-second (round by round, CPU time, not
 * wall time: the machine is shared) and a checksum over every result (JSON, bytes left out),
 * which must not change when the parse is made faster. `--clone` also measures what the main
 * thread pays to receive the results (v8 deserialize, the format postMessage's clone uses).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { runJob, type Job } from '../src/importer/parse-pool.js';
import { STORY_FILE } from '../src/importer/sources.js';

const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, every: { type: 'string', default: '1' }, 'no-nav': { type: 'boolean', default: false }, 'no-check': { type: 'boolean', default: false }, clone: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const dir = positionals[0] ?? join('.bench', 'import-3000-4000');

const walk = (d: string): string[] =>
  readdirSync(d).sort().flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
const files = walk(dir)
  .filter((p) => STORY_FILE.test(p))
  // Every K-th file only (a quicker sample, e.g. under valgrind).
  .filter((_p, i) => i % Number(values.every) === 0)
  .map((p) => ({ rel: relative(dir, p).split('\\').join('/'), bytes: new Uint8Array(readFileSync(p)) }));
const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
// No --map file, as bench:import runs it.
const cfg = { map: {}, prepare: true };

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const rounds = Number(values.rounds);
let checksum = '';
const times: number[] = [];
for (let r = 0; r < rounds; r++) {
  const hash = createHash('sha256');
  let cloneCpu = 0;
  let cloneBytes = 0;
  let navCpu = 0;
  let parseCpu = 0;
  for (const f of files) {
    const jobs: Job[] = [];
    if (!values['no-nav'] && /\.html?$/i.test(f.rel)) jobs.push({ kind: 'nav', rel: f.rel, file: { bytes: f.bytes } });
    jobs.push({ kind: 'parse', rel: f.rel, file: { bytes: f.bytes } });
    for (const job of jobs) {
      // Only the job is timed (not the checksum's JSON and hashing).
      const t0 = cpu();
      const value = runJob(job, cfg);
      const t = cpu() - t0;
      if (job.kind === 'nav') navCpu += t;
      else parseCpu += t;
      // (--no-check: no checksum, e.g. to count instructions of the parse alone.)
      if (!values['no-check']) hash.update(JSON.stringify(value, (k, v: unknown) => (k === 'bytes' ? undefined : v instanceof Map ? [...v] : v)));
      if (values.clone) {
        const data = serialize(value);
        // What the main thread pays to receive it (postMessage's clone reads the same format).
        const c0 = cpu();
        deserialize(data);
        cloneCpu += cpu() - c0;
        cloneBytes += data.length;
      }
    }
  }
  const seconds = navCpu + parseCpu;
  times.push(seconds);
  const sum = hash.digest('hex').slice(0, 16);
  if (checksum !== '' && sum !== checksum) throw new Error(`checksum changed between rounds: ${checksum} → ${sum}`);
  checksum = sum;
  const clone = values.clone ? `, results ${(cloneBytes / 1e6).toFixed(0)} MB serialized, deserialized in ${cloneCpu.toFixed(2)} CPU-s` : '';
  process.stdout.write(`round ${r + 1}: ${seconds.toFixed(2)} CPU-s (nav ${navCpu.toFixed(2)}, parse ${parseCpu.toFixed(2)}), ${(totalBytes / 1e6 / seconds).toFixed(1)} MB per CPU-s${clone}\n`);
}
const sorted = [...times].sort((a, b) => a - b);
const mbps = (s: number): string => (totalBytes / 1e6 / s).toFixed(1);
const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
process.stdout.write(`${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB; best ${(sorted[0] as number).toFixed(2)} CPU-s (${mbps(sorted[0] as number)} MB per CPU-s), median ${median.toFixed(2)} CPU-s (${mbps(median)}); checksum ${checksum}\n`);
