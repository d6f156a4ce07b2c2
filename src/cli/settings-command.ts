import type { Command } from 'commander';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { UsageError } from './errors.js';

/** `fanfold settings [list | get KEY | set KEY VALUE]`: the archive's site settings. */
export function registerSettingsCommand(program: Command, _result: { code: number }, globals: (cmd: Command) => StoreTarget): void {
  program
    .command('settings')
    .description('show or change site settings (site name, ratings behind the adult notice, works per page)')
    .argument('[action]', 'list (default), get KEY, or set KEY VALUE', 'list')
    .argument('[key]', 'setting name')
    .argument('[value]', 'new value; lists are comma-separated, "" for an empty list')
    .addHelpText('after', '\nExamples:\n  fanfold settings\n  fanfold settings set name "The Harbour Lights Archive"\n  fanfold settings set gatedRatings "Mature,Explicit"\n  fanfold settings get perPage\n\nA running server picks up changes when it restarts.')
    .action(async (action: string, key: string | undefined, value: string | undefined, _o: unknown, cmd: Command) => {
      const { openDb } = await import('../db/connect.js');
      const { loadSettings, parseSettingValue, saveSetting, SettingsError } = await import('../site-settings.js');
      const db = await openDb(globals(cmd));
      try {
        if (action === 'list') {
          process.stdout.write(JSON.stringify(await loadSettings(db.kysely), null, 2) + '\n');
        } else if (action === 'get') {
          if (!key) throw new UsageError('settings get needs a KEY');
          const all = (await loadSettings(db.kysely)) as Record<string, unknown>;
          if (!(key in all)) throw new UsageError(`unknown setting "${key}"`);
          process.stdout.write(JSON.stringify(all[key]) + '\n');
        } else if (action === 'set') {
          if (!key || value === undefined) throw new UsageError('settings set needs a KEY and a VALUE');
          let parsed: unknown;
          try {
            parsed = parseSettingValue(key, value);
          } catch (e) {
            if (e instanceof SettingsError) throw new UsageError(e.message);
            throw e;
          }
          await saveSetting(db.kysely, key as never, parsed);
          say(`${key} = ${JSON.stringify(parsed)}`);
        } else {
          throw new UsageError(`unknown settings action "${action}" (list, get, set)`);
        }
      } finally {
        await db.close();
      }
    });
}
