import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

/**
 * Moderator tools for imported works, until the web has signed-in staff: take works down
 * (one, or all of a legacy author's) and fetch an imported work's original source bytes.
 */
export function registerModerationCommands(program: Command, result: { code: number }, globals: (cmd: Command) => StoreTarget): void {
  program
    .command('takedown')
    .description("hide a work, or all works of a legacy author, from everyone (an author's take-down request)")
    .option('--work <id>', 'the work id')
    .option('--author <name>', 'a legacy (imported) author name: all their works')
    .option('--reason <text>', 'why, kept with the work', 'take-down request from the author')
    .option('--undo', 'make the works visible again')
    .addHelpText('after', '\nExamples:\n  fanfold takedown --work 42 --reason "author asked by email"\n  fanfold takedown --author "Jane Doe"\n  fanfold takedown --work 42 --undo')
    .action(async (o: { work?: string; author?: string; reason: string; undo?: boolean }, cmd: Command) => {
      if ((o.work === undefined) === (o.author === undefined)) throw new UsageError('give exactly one of --work ID or --author NAME');
      if (o.work !== undefined && !/^\d+$/.test(o.work)) throw new UsageError(`--work must be a work id, not "${o.work}"`);
      const { openWorks } = await import('./open-works.js');
      const { db, works } = await openWorks(globals(cmd));
      try {
        const target = o.work !== undefined ? { workId: Number(o.work) } : { legacyAuthor: o.author as string };
        const ids = await works.takeDown(target, o.reason, o.undo === true);
        if (ids.length === 0) {
          say(o.work !== undefined ? `no work ${o.work}` : `no legacy author "${o.author}" with works`);
          result.code = EXIT.someFailed;
          return;
        }
        say(`${o.undo ? 'restored' : 'took down'} ${ids.length} work${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`);
      } finally {
        await db.close();
      }
    });

  program
    .command('original')
    .description("write an imported work's original source bytes (a multi-file work gives a .zip)")
    .argument('<work-id>', 'the work id')
    .option('--out <file>', 'write to FILE instead of stdout')
    .addHelpText('after', '\nExamples:\n  fanfold original 42 --out story.txt\n  fanfold original 42 | less')
    .action(async (id: string, o: { out?: string }, cmd: Command) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`work id must be a number, not "${id}"`);
      const { openWorks } = await import('./open-works.js');
      const { db, works } = await openWorks(globals(cmd));
      try {
        const p = await works.provenance(Number(id));
        if (!p) {
          say(`work ${id} has no imported original (it was posted, or does not exist)`);
          result.code = EXIT.someFailed;
          return;
        }
        if (o.out) writeFileSync(o.out, p.original);
        else process.stdout.write(p.original);
        say(`work ${id}: ${p.original.length} bytes, sha256 ${p.sha256}, imported ${p.importedAt}${p.archive ? ` from ${p.archive}` : ''}`);
      } finally {
        await db.close();
      }
    });
}
