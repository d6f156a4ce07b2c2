import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';

type Result = { code: number };
const FORMATS = ['yaml', 'csv'] as const;

async function openTags(target: StoreTarget) {
  const { openDb } = await import('../db/connect.js');
  const { createTagService } = await import('../tags/index.js');
  const db = await openDb(target);
  return { db, tags: createTagService(db) };
}

const out = (line: string) => process.stdout.write(line + '\n');

/**
 * `fanfold tags …`: bulk wrangling from the command line — apply a mapping (with a dry run),
 * export the current wrangling in the same format, load fandom dictionaries, show the queue,
 * undo a logged change. Changes are logged with the actor 'cli' unless --actor says otherwise.
 */
export function registerTagsCommand(program: Command, result: Result, globals: (cmd: Command) => StoreTarget): void {
  const tagsCmd = program
    .command('tags')
    .description('tag wrangling: apply or export a mapping, load fandom dictionaries, the queue, undo')
    .addHelpText('after', '\nExamples:\n  fanfold tags export --out wrangling.yaml\n  fanfold tags apply mapping.csv --dry-run\n  fanfold tags load-dictionary samples/fandoms/*.yaml\n  fanfold tags queue --fandom "Orbital Greenhouse 9 (TV)"');

  tagsCmd
    .command('apply')
    .description('apply a mapping (rows: tag, type, canonical, fandom) from YAML or CSV; prints each change on stdout')
    .argument('<file>', 'mapping file (.yaml/.yml or .csv)')
    .option('--dry-run', 'show what would change; write nothing')
    .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices(FORMATS))
    .option('--actor <name>', 'who the wrangling log records', 'cli')
    .addHelpText('after', '\nA row\'s canonical is empty (leave as is), its own name (canonical) or another tag (synonym of it).\nApplying a file twice, or an export to its own archive, changes nothing.\n\nExamples:\n  fanfold tags apply legacy-mapping.csv --dry-run\n  fanfold tags apply wrangling.yaml')
    .action(async (file: string, o: { dryRun?: boolean; format?: 'yaml' | 'csv'; actor: string }, cmd: Command) => {
      const { formatFor, parseMapping } = await import('../tags/index.js');
      const text = await readFile(file, 'utf8');
      const parsed = parseMapping(text, o.format ?? formatFor(file));
      for (const e of parsed.errors) say(`${file}:${e.line}: ${e.message}`);
      const { db, tags } = await openTags(globals(cmd));
      try {
        const res = await tags.applyMapping(parsed.rows, { dryRun: o.dryRun === true, actor: o.actor });
        for (const c of res.changes) out(c.text);
        for (const e of res.errors) say(`${file}:${e.line}: ${e.message}`);
        const failed = parsed.errors.length + res.errors.length;
        say(`${file}: ${parsed.rows.length} rows, ${res.changes.length} ${o.dryRun ? 'changes would be made (dry run: nothing written)' : 'changes made'}, ${failed} failed`);
        result.code = failed > 0 ? EXIT.someFailed : EXIT.ok;
      } finally {
        await db.close();
      }
    });

  tagsCmd
    .command('export')
    .description('write the current wrangling as a mapping (YAML by default; stdout unless --out)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .addOption(new Option('--format <format>', 'yaml or csv (default: from --out, else yaml)').choices(FORMATS))
    .addHelpText('after', '\nExamples:\n  fanfold tags export > wrangling.yaml\n  fanfold tags export --out wrangling.csv')
    .action(async (o: { out?: string; format?: 'yaml' | 'csv' }, cmd: Command) => {
      const { formatFor, formatMapping } = await import('../tags/index.js');
      const { db, tags } = await openTags(globals(cmd));
      try {
        const rows = await tags.exportMapping();
        const text = formatMapping(rows, o.format ?? (o.out ? formatFor(o.out) : 'yaml'));
        if (o.out) await writeFile(o.out, text);
        else process.stdout.write(text);
        say(`exported ${rows.length} rows${o.out ? ` to ${o.out}` : ''}`);
      } finally {
        await db.close();
      }
    });

  tagsCmd
    .command('load-dictionary')
    .description('load fandom dictionaries (YAML: fandom, aliases, parent, characters with nicknames and initials)')
    .argument('<files...>', 'dictionary files')
    .option('--actor <name>', 'who the wrangling log records', 'cli')
    .addHelpText('after', '\nExamples:\n  fanfold tags load-dictionary samples/fandoms/*.yaml')
    .action(async (files: string[], o: { actor: string }, cmd: Command) => {
      const { DictionaryError } = await import('../tags/index.js');
      const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
      const { db, tags } = await openTags(globals(cmd));
      try {
        let failed = 0;
        for (const [i, file] of files.entries()) {
          try {
            const changes = await tags.loadDictionary(texts[i] as string, o.actor);
            for (const c of changes) out(c.text);
            say(`${file}: ${changes.length} changes`);
          } catch (e) {
            if (!(e instanceof DictionaryError)) throw e;
            say(`${file}: ${e.message}`);
            failed++;
          }
        }
        result.code = failed > 0 ? EXIT.someFailed : EXIT.ok;
      } finally {
        await db.close();
      }
    });

  tagsCmd
    .command('queue')
    .description('list unwrangled tags, most used first, with suggestions')
    .option('--fandom <name>', 'only tags on works in this fandom (with its sub-fandoms)')
    .option('--limit <n>', 'at most N tags', '100')
    .option('--json', 'JSON instead of text')
    .addHelpText('after', '\nExamples:\n  fanfold tags queue\n  fanfold tags queue --fandom "The Cartographers of Vell (Novels)" --json')
    .action(async (o: { fandom?: string; limit: string; json?: boolean }, cmd: Command) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${o.limit}"`);
      const { db, tags } = await openTags(globals(cmd));
      try {
        const queue = await tags.queue({ ...(o.fandom !== undefined ? { fandom: o.fandom } : {}), limit });
        if (queue === null) throw new UsageError(`no fandom tag "${o.fandom ?? ''}"`);
        if (o.json) out(JSON.stringify(queue, null, 2));
        for (const e of o.json ? [] : queue) {
          out(`${e.type}\t${e.name}\t${e.works} ${e.works === 1 ? 'work' : 'works'}\t${e.fandoms.join('; ')}`);
          for (const s of e.suggestions) out(`\t→ ${s.name}\t(${s.reason}${s.reason === 'initials' ? '' : ` ${s.score}`})`);
        }
        say(`${queue.length} unwrangled tags${o.fandom ? ` in ${o.fandom}` : ''}`);
      } finally {
        await db.close();
      }
    });

  tagsCmd
    .command('undo')
    .description('undo one logged wrangling change (see the log ids printed by `tags log`)')
    .argument('<id>', 'wrangling log id')
    .option('--actor <name>', 'who the wrangling log records', 'cli')
    .action(async (rawId: string, o: { actor: string }, cmd: Command) => {
      if (!/^\d{1,12}$/.test(rawId)) throw new UsageError(`a log id is a whole number, not "${rawId}"`);
      const { WranglingError } = await import('../tags/index.js');
      const { db, tags } = await openTags(globals(cmd));
      try {
        await tags.undo(Number(rawId), o.actor);
        say(`undid wrangling change ${rawId}`);
      } catch (e) {
        if (!(e instanceof WranglingError)) throw e;
        say(`fanfold: ${e.message}`);
        result.code = EXIT.someFailed;
      } finally {
        await db.close();
      }
    });

  tagsCmd
    .command('log')
    .description('the latest wrangling changes, newest first (id, time, actor, action, note)')
    .option('--limit <n>', 'at most N entries', '50')
    .action(async (o: { limit: string }, cmd: Command) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${o.limit}"`);
      const { db, tags } = await openTags(globals(cmd));
      try {
        for (const e of await tags.log({ limit })) {
          out([e.id, e.at, e.actor, e.action, e.tagId ?? '', e.targetId ?? '', e.note ?? '', e.undoneAt ? `undone ${e.undoneAt}` : ''].join('\t'));
        }
      } finally {
        await db.close();
      }
    });
}
