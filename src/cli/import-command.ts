import type { Command } from 'commander';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

const EXPORT_FILE = /\.(ndjson|jsonl)$/i;

/** `fanfold import PATH...`: export lines (.ndjson/.jsonl) are restored exactly; other paths are legacy imports. */
export function registerImportCommand(program: Command, result: { code: number }, globals: (cmd: Command) => StoreTarget): void {
  program
    .command('import')
    .description('import works: .ndjson/.jsonl export files are restored exactly; story files, folders, site .zip files and eFiction .sql dumps are legacy imports')
    .argument('<paths...>', 'files or folders to import')
    .option('--archive <name>', 'name of the old archive: its works join a collection of that name')
    .option('--map <file>', 'per-archive mapping (YAML) of ratings, warnings, categories and tags')
    .option('--dry-run', 'read everything and report, store nothing')
    .option('--json', 'print one import record per work on stdout (JSON Lines)')
    .option('--report <file>', 'also write the final report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  fanfold import backup.ndjson\n  fanfold import --dry-run --json old-site/ > records.jsonl\n  fanfold import --archive "The Long Night Archive" --map map.yaml old-site.zip\n  fanfold import --archive "Efic Site" dump.sql --report report.json',
    )
    .action(async (paths: string[], o: { archive?: string; map?: string; dryRun?: boolean; json?: boolean; report?: string }, cmd: Command) => {
      const restores = paths.filter((p) => EXPORT_FILE.test(p));
      const legacy = paths.filter((p) => !EXPORT_FILE.test(p));
      if (restores.length > 0 && legacy.length > 0) throw new UsageError('import either export files (.ndjson/.jsonl) or legacy files in one run, not both');
      if (restores.length > 0) {
        result.code = await restore(globals(cmd), restores);
        return;
      }
      const mapYaml = o.map ? readFileSync(o.map, 'utf8') : null;
      const { runLegacyImport } = await import('../importer/run-import.js');
      const { openDb } = await import('../db/connect.js');
      const { createProgress } = await import('./progress.js');
      const db = o.dryRun ? null : await openDb(globals(cmd));
      const bar = createProgress('files');
      const started = Date.now();
      try {
        const report = await runLegacyImport(db, paths, {
          archive: o.archive ?? null,
          mapYaml,
          dryRun: o.dryRun === true,
          onRecord: o.json ? (r) => process.stdout.write(JSON.stringify(r) + '\n') : undefined,
          onProgress: (p) => bar.update(p.files, p.totalFiles, p.bytes),
        });
        bar.stop();
        const seconds = (Date.now() - started) / 1000;
        for (const e of report.entries) {
          for (const p of e.problems) say(`${p.source}${p.line !== null ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
        }
        const mb = report.bytes / 1e6;
        say(
          o.dryRun
            ? `dry run: ${report.found} works found, ${report.failed} failed, ${report.skipped} pages skipped (${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s); nothing was stored`
            : `imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}, skipped ${report.skipped} (${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s, ${(mb / Math.max(seconds, 0.001)).toFixed(1)} MB/s)`,
        );
        if (o.report) writeFileSync(o.report, JSON.stringify(report, null, 2) + '\n');
        result.code = report.failed > 0 ? EXIT.someFailed : EXIT.ok;
      } finally {
        bar.stop();
        await db?.close();
      }
    });
}

async function restore(target: StoreTarget, paths: string[]): Promise<number> {
  const { openWorks } = await import('./open-works.js');
  const { db, works } = await openWorks(target);
  try {
    let failed = 0;
    for (const path of paths) {
      const report = await works.restore(createReadStream(path), (n) => {
        if (n % 1000 === 0) say(`${path}: ${n} works restored…`);
      });
      for (const f of report.failed) say(`${path}:${f.line}: ${f.message}`);
      say(`${path}: restored ${report.restored} works, ${report.failed.length} failed`);
      failed += report.failed.length;
    }
    return failed > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    await db.close();
  }
}
