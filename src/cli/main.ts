import { createWriteStream } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
// Command implementations are imported when their command runs, so `--help` and small
// commands do not pay for loading the web server or the importer.
import { say, storeTarget } from './target.js';
import type { GlobalOptions } from './target.js';
import { registerImportCommand } from './import-command.js';
import { registerTagsCommand } from './tags-command.js';
import { registerModerationCommands } from './moderation-commands.js';
import { registerAdminCommands } from './admin-command.js';
import { registerSettingsCommand } from './settings-command.js';
import { registerCopyCommand } from './copy-command.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

function buildProgram(result: { code: number }): Command {
  const program = new Command('fanfold')
    .description('Fanfold: an open-source fan fiction archive.')
    .option('--data <dir>', 'SQLite archive folder (env FANFOLD_DATA)', undefined)
    .option('--database <url>', 'server database URL, e.g. postgres://… (env DATABASE_URL); wins over --data')
    .option('--read-database <url>', 'a read replica of --database for page and listing reads (env DATABASE_READ_URL)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });

  const globals = (cmd: Command) => storeTarget(cmd.optsWithGlobals<GlobalOptions>());

  program
    .command('serve')
    .description('serve the archive over HTTP (loads the sample works on the first start of an empty archive)')
    .addOption(new Option('--port <n>', 'port (env PORT)').default(process.env.PORT ?? '3000'))
    .option('--host <host>', 'address to bind; 0.0.0.0 exposes it to the network', '127.0.0.1')
    .option('--no-samples', 'do not load the sample works into an empty archive')
    .option('--workers <n>', 'web processes sharing the port and the database', '1')
    .option('--index-file <path>', 'search index snapshot, read at start and written at stop (default: DATA/search-index.bin with SQLite, none with --database)')
    .option('--no-index-file', 'always build the search index from the database at start')
    .addHelpText('after', '\nExamples:\n  fanfold serve\n  fanfold serve --database postgres://localhost/fanfold --index-file /var/cache/fanfold/index.bin\n  fanfold serve --port 8080 --host 0.0.0.0\n  fanfold serve --workers 4 --database postgres://fanfold@localhost/fanfold\n  fanfold --data /srv/archive serve --no-samples\n  DATABASE_URL=postgres://localhost/fanfold fanfold serve')
    .action(async (o: { port: string; host: string; samples: boolean; workers: string; indexFile?: string | false }, cmd: Command) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${o.port}"`);
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a number from 1 to 64, not "${o.workers}"`);
      const { serveCommand } = await import('./serve.js');
      const target = globals(cmd);
      const { join } = await import('node:path');
      const indexFile = o.indexFile === false ? null : (o.indexFile ?? (target.databaseUrl ? null : join(target.dataDir ?? './data', 'search-index.bin')));
      result.code = await serveCommand(target, { port, host: o.host, samples: o.samples, workers, indexFile });
    });

  program
    .command('migrate')
    .description('create or upgrade the database schema; loads nothing')
    .addHelpText('after', '\nExamples:\n  fanfold migrate\n  fanfold --database postgres://localhost/fanfold migrate')
    .action(async (_o: unknown, cmd: Command) => {
      const { openDb } = await import('../db/connect.js');
      const { migrateToLatest } = await import('../db/migrate.js');
      const db = await openDb(globals(cmd), { migrate: false });
      try {
        const applied = await migrateToLatest(db.kysely, db.dialect);
        say(applied.length === 0 ? `${db.describe}: already up to date` : `${db.describe}: applied ${applied.join(', ')}`);
      } finally {
        await db.close();
      }
    });

  program
    .command('export')
    .description("write the archive's works as JSON Lines (one work per line, by id)")
    .option('--out <file>', 'write to FILE instead of stdout')
    .addHelpText('after', '\nExamples:\n  fanfold export > works.ndjson\n  fanfold export --out backup.ndjson')
    .action(async (o: { out?: string }, cmd: Command) => {
      const { openWorks } = await import('./open-works.js');
      const { db, works } = await openWorks(globals(cmd));
      try {
        const out = o.out ? createWriteStream(o.out) : process.stdout;
        const n = await works.exportAll(out);
        if (o.out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        say(`exported ${n} works${o.out ? ` to ${o.out}` : ''}`);
      } finally {
        await db.close();
      }
    });

  registerImportCommand(program, result, globals);
  registerTagsCommand(program, result, globals);
  registerModerationCommands(program, result, globals);
  registerAdminCommands(program, result, globals);
  registerSettingsCommand(program, result, globals);
  registerCopyCommand(program, result);

  return program;
}

/** Runs the CLI and returns its exit code (bin/fanfold.mjs sets process.exitCode from it). */
export async function main(argv: string[]): Promise<number> {
  const result = { code: EXIT.ok as number };
  const program = buildProgram(result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      say(`fanfold: ${e.message}`);
      return EXIT.usage;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      say(`fanfold: no such file: ${err.path ?? err.message}`);
      return EXIT.usage;
    }
    say(`fanfold: ${err.message}`);
    return EXIT.someFailed;
  }
}
