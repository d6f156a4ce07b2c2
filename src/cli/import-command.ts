import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

/** `fanfold import PATH...`: export lines (.ndjson/.jsonl) are restored exactly; other paths are legacy imports. */
export function registerImportCommand(program: Command, result: { code: number }, globals: (cmd: Command) => StoreTarget): void {
  program
    .command('import')
    .description('import works: .ndjson/.jsonl export files are restored exactly; other paths are legacy story files')
    .argument('<paths...>', 'files to import')
    .addHelpText('after', '\nExamples:\n  fanfold import backup.ndjson\n  fanfold --data ./new-archive import works.jsonl')
    .action(async (paths: string[], _o: unknown, cmd: Command) => {
      const legacy = paths.filter((p) => !/\.(ndjson|jsonl)$/i.test(p));
      if (legacy.length > 0) {
        throw new UsageError(`legacy story import is not available in this version yet: ${legacy.join(', ')} (only .ndjson / .jsonl export files can be imported)`);
      }
      const { openWorks } = await import('./open-works.js');
      const { db, works } = await openWorks(globals(cmd));
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
        result.code = failed > 0 ? EXIT.someFailed : EXIT.ok;
      } finally {
        await db.close();
      }
    });

}
