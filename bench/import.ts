/**
 * `npm run bench:import [-- --scale N] [-- --words W] [-- --database URL] [-- --workers K] [-- --cache DIR]`
 *
 * Generates a legacy site of N files (default 10,000 files of about 25 KB: ~250 MB; cached
 * under .bench/), imports it end to end into a fresh archive (parse, store, full-text index
 * when the search capability provides one) and prints MB/s and peak memory. Memory should stay
 * flat as N grows: the importer streams (a store batch and a window of files being parsed at a
 * time). `--workers K` sets the parsing worker threads (default: the importer's own choice).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/connect.js';
import { generateLegacySite } from '../src/importer/generate-site.js';
import { runLegacyImport } from '../src/importer/run-import.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '10000' }, words: { type: 'string', default: '4000' }, database: { type: 'string' }, workers: { type: 'string' }, cache: { type: 'string', default: '.bench' } },
  allowPositionals: true,
});
const files = Number(values.scale);
const words = Number(values.words);
// A multi-part work has 2–4 files; on average a work is ~1.5 files.
const worksWanted = Math.max(1, Math.round(files / 1.5));

const cache = join(values.cache, `import-${files}-${words}`);
if (!existsSync(join(cache, 'index.html'))) {
  process.stderr.write(`generating ~${files} legacy files of ~${words} words into ${cache}…\n`);
  const site = generateLegacySite({ works: worksWanted, wordsPerFile: words, seed: 42 });
  for (const [rel, bytes] of site.files) {
    mkdirSync(dirname(join(cache, rel)), { recursive: true });
    writeFileSync(join(cache, rel), bytes);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'fanfold-bench-import-'));
const db = await openDb(values.database ? { databaseUrl: values.database } : { dataDir });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const report = await runLegacyImport(db, [cache], { archive: 'Bench Site', mapYaml: null, dryRun: false, ...(values.workers !== undefined ? { parseWorkers: Number(values.workers) } : {}) });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await db.close();
rmSync(dataDir, { recursive: true, force: true });

const mb = report.bytes / 1e6;
const rows = [
  ['files read', String(report.entries.length)],
  ['works imported', String(report.imported)],
  ['failed', String(report.failed)],
  ['input', `${mb.toFixed(1)} MB`],
  ['time', `${seconds.toFixed(1)} s`],
  ['throughput', `${(mb / seconds).toFixed(1)} MB/s (target ≥ 20)`],
  ['CPU time', `${cpuSeconds.toFixed(1)} s (${(mb / cpuSeconds).toFixed(1)} MB per CPU-second: steadier than wall time on a busy machine)`],
  ['works/s', (report.imported / seconds).toFixed(0)],
  ['peak RSS', `${(peak / 2 ** 20).toFixed(0)} MiB`],
];
process.stdout.write(`bench:import on ${values.database ? 'PostgreSQL' : 'SQLite'}\n` + rows.map(([k, v]) => `  ${(k as string).padEnd(16)} ${v}`).join('\n') + '\n');
