import type { Command } from 'commander';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';
import { EXIT_CODES as EXIT, UsageError } from './errors.js';
import { ROLES } from '../accounts/viewer.js';
import type { Role } from '../accounts/viewer.js';
import type { AccountService } from '../accounts/service.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `fanfold admin …`: the operator's account tools — the first admin, roles, sign-up settings,
 * invitation codes, granting imported authors' works, and reading the outbox.
 */
export function registerAdminCommands(program: Command, result: { code: number }, globals: (cmd: Command) => StoreTarget): void {
  const admin = program.command('admin').description('accounts administration: create the first admin, roles, sign-up, claims');

  const withAccounts = async <T>(cmd: Command, fn: (a: AccountService) => Promise<T>): Promise<T> => {
    const { openWorks } = await import('./open-works.js');
    const { db, works } = await openWorks(globals(cmd));
    try {
      return await fn(works.accounts);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code && err.code !== 'usage') {
        say(`fanfold admin: ${err.message}`);
        result.code = EXIT.someFailed;
        return undefined as T;
      }
      throw e;
    } finally {
      await db.close();
    }
  };

  admin
    .command('create')
    .description('create an account with every role (the first admin)')
    .argument('<name>', 'user name')
    .option('--email <email>', 'email address (for password resets)')
    .option('--password-stdin', 'read the password from stdin instead of FANFOLD_ADMIN_PASSWORD')
    .addHelpText('after', '\nExamples:\n  echo "a long passphrase" | fanfold admin create alice --email alice@example.org --password-stdin\n  FANFOLD_ADMIN_PASSWORD=… fanfold admin create alice')
    .action(async (name: string, o: { email?: string; passwordStdin?: boolean }, cmd: Command) => {
      const password = o.passwordStdin ? await readStdin() : process.env.FANFOLD_ADMIN_PASSWORD;
      if (!password) throw new UsageError('give the password on stdin with --password-stdin, or in FANFOLD_ADMIN_PASSWORD');
      await withAccounts(cmd, async (a) => {
        await a.createAdmin(name, o.email ?? null, password);
        say(`created admin account "${name}"`);
      });
    });

  admin
    .command('roles')
    .description(`set an account's roles (${ROLES.join(', ')})`)
    .argument('<name>', 'user name')
    .argument('<roles>', 'comma-separated roles, e.g. reader,creator,wrangler')
    .action(async (name: string, roles: string, _o: unknown, cmd: Command) => {
      const list = roles.split(',').map((r) => r.trim()).filter(Boolean);
      const bad = list.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length > 0) throw new UsageError(`unknown role(s): ${bad.join(', ')} (known: ${ROLES.join(', ')})`);
      await withAccounts(cmd, async (a) => {
        await a.setRoles(name, list as Role[]);
        say(`${name}: ${list.join(', ') || 'no roles'}`);
      });
    });

  admin
    .command('set')
    .description('change an account setting: signup (open|invite|closed), minimumAge, terms')
    .argument('<key>', 'signup | minimumAge | terms')
    .argument('<value>')
    .action(async (key: string, value: string, _o: unknown, cmd: Command) => {
      if (!['signup', 'minimumAge', 'terms'].includes(key)) throw new UsageError(`unknown setting "${key}" (signup, minimumAge, terms)`);
      await withAccounts(cmd, async (a) => {
        try {
          await a.setSetting(key as 'signup', value);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        say(`${key} = ${value}`);
      });
    });

  admin
    .command('invite')
    .description('print invitation codes for sign-up in invite mode (one per line, on stdout)')
    .option('--count <n>', 'how many', '1')
    .action(async (o: { count: string }, cmd: Command) => {
      const n = Number(o.count);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError('--count must be a number from 1 to 1000');
      await withAccounts(cmd, async (a) => {
        for (const code of await a.createInvites(n, null)) process.stdout.write(code + '\n');
      });
    });

  admin
    .command('grant')
    .description("move an imported (legacy) author's works to an account's pseud")
    .argument('<legacy-name>', 'the imported author name')
    .argument('<account>', 'account name (its default pseud) or "pseud (account)"')
    .action(async (legacy: string, account: string, _o: unknown, cmd: Command) => {
      await withAccounts(cmd, async (a) => {
        const p = await a.findPseudByLabel(account);
        if (!p) throw new UsageError(`no account or pseud "${account}"`);
        const n = await a.grantLegacyAuthorAsOperator(legacy, p.id);
        say(`moved ${n} work credit(s) of "${legacy}" to ${p.name} (${p.userName})`);
      });
    });

  admin
    .command('claim-links')
    .description("email claim links to the addresses recorded privately for an imported author")
    .argument('<legacy-name>')
    .requiredOption('--base-url <url>', 'the archive address used in the link, e.g. https://archive.example.org')
    .action(async (legacy: string, o: { baseUrl: string }, cmd: Command) => {
      await withAccounts(cmd, async (a) => {
        const n = await a.sendClaimLinksAsOperator(legacy, o.baseUrl.replace(/\/+$/, ''));
        say(n === 0 ? `no email address is recorded for "${legacy}"` : `sent ${n} claim link(s)`);
      });
    });

  admin
    .command('outbox')
    .description('print the emails the archive sent (newest first)')
    .action(async (_o: unknown, cmd: Command) => {
      await withAccounts(cmd, async (a) => {
        for (const m of await a.outboxUnchecked()) process.stdout.write(`#${m.id} ${m.created_at} to ${m.to_address}: ${m.subject}\n${m.body}\n`);
      });
    });
}
