import type { Command } from 'commander';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

const asTarget = (s: string): StoreTarget => (/^postgres(ql)?:\/\//.test(s) ? { databaseUrl: s } : { dataDir: s });

/** `fanfold copy --from DATA_DIR_OR_URL --to DATA_DIR_OR_URL`: move a whole archive between databases. */
export function registerCopyCommand(program: Command, result: { code: number }): void {
  program
    .command('copy')
    .description('copy a whole archive between databases (SQLite folder ⇄ PostgreSQL URL), resumable, verified table by table')
    .requiredOption('--from <source>', 'SQLite archive folder or postgres:// URL to copy from')
    .requiredOption('--to <destination>', 'SQLite archive folder or postgres:// URL to copy into (created and migrated)')
    .addHelpText('after', '\nExamples:\n  fanfold copy --from ./data --to postgres://fanfold@localhost/fanfold\n  fanfold copy --from postgres://fanfold@localhost/fanfold --to ./data-back\n\nRun it again after an interruption: it continues where it stopped.')
    .action(async (o: { from: string; to: string }) => {
      if (o.from === o.to) throw new UsageError('--from and --to are the same archive');
      const { openDb } = await import('../db/connect.js');
      const { copyArchive } = await import('../db/copy.js');
      const from = await openDb(asTarget(o.from));
      const to = await openDb(asTarget(o.to));
      try {
        let lastSay = 0;
        const report = await copyArchive(from, to, (table, n) => {
          if (Date.now() - lastSay > 2000) {
            say(`${table}: ${n} rows…`);
            lastSay = Date.now();
          }
        });
        const width = Math.max(...report.tables.map((t) => t.table.length), 5);
        say(`${'table'.padEnd(width)}  ${'rows'.padStart(9)}  ${'copied'.padStart(9)}  content hash`);
        for (const t of report.tables) {
          say(`${t.table.padEnd(width)}  ${String(t.sourceRows).padStart(9)}  ${String(t.destRows).padStart(9)}  ${t.same ? `same ${t.sourceHash.slice(0, 16)}` : `DIFFERENT ${t.sourceHash.slice(0, 16)} ≠ ${t.destHash.slice(0, 16)}`}`);
        }
        say(`${report.ok ? 'copied' : 'copy NOT verified:'} ${report.rows} rows in ${report.seconds.toFixed(1)} s (${(report.rows / Math.max(report.seconds, 0.001)).toFixed(0)} rows/s) from ${from.describe} to ${to.describe}`);
        result.code = report.ok ? EXIT.ok : EXIT.someFailed;
      } finally {
        await from.close();
        await to.close();
      }
    });
}
