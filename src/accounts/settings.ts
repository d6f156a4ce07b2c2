import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const SIGNUP_MODES = ['open', 'invite', 'closed'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

/**
 * Account settings of the site, stored in `site_settings` under `accounts.*` keys (so they
 * survive restarts and every process sees them); `fanfold admin settings` changes them.
 */
export const AccountSettingsSchema = z.object({
  signup: z.enum(SIGNUP_MODES).default('open'),
  minimumAge: z.coerce.number().int().min(13).max(21).default(13),
  terms: z.string().default('Be kind. Post only what you have the right to post. Tag your works honestly. The archive may remove works that break the law or these terms.'),
});
export type AccountSettings = z.infer<typeof AccountSettingsSchema>;
export type AccountSettingKey = keyof AccountSettings;

export async function getAccountSettings(db: Kysely<Database>): Promise<AccountSettings> {
  const rows = await db.selectFrom('site_settings').select(['key', 'value']).where('key', 'like', 'accounts.%').execute();
  const raw: Record<string, string> = {};
  for (const r of rows) raw[r.key.slice('accounts.'.length)] = r.value;
  const parsed = AccountSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : AccountSettingsSchema.parse({});
}

export async function setAccountSetting(db: Kysely<Database>, key: AccountSettingKey, value: string): Promise<void> {
  const probe = AccountSettingsSchema.shape[key].safeParse(value);
  if (!probe.success) throw new Error(`${key}: ${probe.error.issues[0]?.message ?? 'invalid value'}`);
  const k = `accounts.${key}`;
  await db.insertInto('site_settings').values({ key: k, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
