import type { Generated } from 'kysely';

/**
 * Row types of every table, shared by both dialects. Booleans are stored as 0/1 integers and
 * timestamps as ISO 8601 UTC strings ("2024-05-01T12:00:00.000Z") on every database, so rows,
 * sorting and exports are identical whichever store is used.
 */
export interface Database extends AccountsDatabase {
  works: WorksTable;
  chapters: ChaptersTable;
  tags: TagsTable;
  tag_parents: TagParentsTable;
  work_tags: WorkTagsTable;
  users: UsersTable;
  pseuds: PseudsTable;
  legacy_authors: LegacyAuthorsTable;
  creatorships: CreatorshipsTable;
  series: SeriesTable;
  series_works: SeriesWorksTable;
  related_works: RelatedWorksTable;
  collections: CollectionsTable;
  collection_works: CollectionWorksTable;
  provenance: ProvenanceTable;
  archive_paths: ArchivePathsTable;
  site_settings: SiteSettingsTable;
  import_sources: ImportSourcesTable;
  legacy_author_contacts: LegacyAuthorContactsTable;
  comments: CommentsTable;
  bookmarks: BookmarksTable;
  change_log: ChangeLogTable;
  text_pending: TextPendingTable;
  tag_wrangling_log: TagWranglingLogTable;
  fandom_dictionaries: FandomDictionariesTable;
  fandom_characters: FandomCharactersTable;
  relationship_keys: RelationshipKeysTable;
}

export type Flag = 0 | 1;

export interface WorksTable {
  id: Generated<number>;
  title: string;
  summary: string | null;
  notes: string | null;
  end_notes: string | null;
  spoilers: string | null;
  disclaimer: string | null;
  language: string;
  rating: string;
  rating_text: string | null;
  warning_text: string | null;
  expected_chapters: number | null;
  complete: Flag;
  posted: Flag;
  restricted: Flag;
  hidden_at: string | null;
  hidden_reason: string | null;
  deleted_at: string | null;
  published_at: string;
  updated_at: string;
  created_at: string;
  words: number;
  chapter_count: number;
  hits: number;
  kudos_count: number;
  comments_count: number;
  bookmarks_count: number;
  source_path: string | null;
  archive: string | null;
}

export interface ChaptersTable {
  id: Generated<number>;
  work_id: number;
  position: number;
  title: string | null;
  summary: string | null;
  notes: string | null;
  end_notes: string | null;
  body: string;
  words: number;
}

export interface TagsTable {
  id: Generated<number>;
  type: string;
  name: string;
  /** NFKC + full case folding of the name: the tag's identity on every database. */
  name_key: string;
  canonical: Flag;
  /** Set when this tag is a synonym of another (canonical) tag. */
  merger_id: number | null;
  created_at: string;
}

export interface TagParentsTable {
  parent_id: number;
  child_id: number;
}

export interface WorkTagsTable {
  work_id: number;
  tag_id: number;
  /** Order as written by the creator within the work. */
  position: number;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  email: string | null;
  password_hash: string | null;
  roles: string;
  created_at: string;
}

export interface PseudsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  name_key: string;
  is_default: Flag;
  description: string | null;
  created_at: string;
}

export interface LegacyAuthorsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  claimed_pseud_id: number | null;
  created_at: string;
}

export interface CreatorshipsTable {
  work_id: number;
  position: number;
  pseud_id: number | null;
  legacy_author_id: number | null;
}

export interface SeriesTable {
  id: Generated<number>;
  title: string;
  summary: string | null;
  notes: string | null;
  complete: Flag;
  created_at: string;
}

export interface SeriesWorksTable {
  series_id: number;
  work_id: number;
  position: number | null;
}

export interface RelatedWorksTable {
  work_id: number;
  position: number;
  relation: string;
  target_work_id: number | null;
  title: string;
  url: string | null;
}

export interface CollectionsTable {
  id: Generated<number>;
  name: string;
  title: string;
  description: string | null;
  created_at: string;
}

export interface CollectionWorksTable {
  collection_id: number;
  work_id: number;
}

export interface ProvenanceTable {
  work_id: number;
  archive: string | null;
  imported_at: string;
  sha256: string;
  original: Uint8Array;
  /** JSON array of emails and URLs found in the source header. Private. */
  contacts: string;
}

export interface ArchivePathsTable {
  path: string;
  work_id: number;
}

export interface SiteSettingsTable {
  key: string;
  value: string;
}

export interface ImportSourcesTable {
  /** "<collection or ->|<path within the import>": one legacy source (file, file group, eFiction story). */
  source_key: string;
  work_id: number;
  sha256: string;
  imported_at: string;
}

export interface LegacyAuthorContactsTable {
  legacy_author_id: number;
  /** An email or URL found in an import: private, used only to reach the author (claims). */
  contact: string;
  source: string;
}

export interface CommentsTable {
  id: Generated<number>;
  work_id: number;
  chapter_position: number | null;
  parent_id: number | null;
  pseud_id: number | null;
  author_name: string | null;
  body: string;
  created_at: string;
  source_key: string | null;
}

export interface BookmarksTable {
  id: Generated<number>;
  work_id: number;
  user_id: number | null;
  legacy_name: string | null;
  notes: string | null;
  private: Flag;
  created_at: string;
  source_key: string | null;
}

/** One wrangling action (0002): who, when, what, and the touched rows before and after (JSON) so it can be undone. */
export interface TagWranglingLogTable {
  id: Generated<number>;
  at: string;
  /** A user name, 'system' (automatic merges) or 'cli'. */
  actor: string;
  action: string;
  tag_id: number | null;
  target_id: number | null;
  note: string | null;
  before: string;
  after: string;
  undone_at: string | null;
  /** The log row of the undo. */
  undone_by: number | null;
}

/** A loaded fandom dictionary (0002): the canonical fandom tag, its parent fandom's name, aliases (JSON array). */
export interface FandomDictionariesTable {
  fandom_tag_id: number;
  parent_name: string | null;
  aliases: string;
  loaded_at: string;
}

/** A character of a fandom dictionary (0002): full name, nicknames and initials as JSON arrays. */
export interface FandomCharactersTable {
  fandom_tag_id: number;
  position: number;
  name: string;
  nicknames: string;
  initials: string;
}

/** Order-insensitive key of a relationship tag's name (0002): "a/b" for both "A/B" and "B/A"; "a & b" kept apart. */
export interface RelationshipKeysTable {
  tag_id: number;
  pair_key: string;
}

/* Accounts and posting (0005). Registered in `AccountsDatabase` below; `Database` extends it. */

/** A signed-in browser: only the SHA-256 of the cookie's token is stored. */
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  /** Per-session CSRF token, sent back in a hidden field of every form. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** One-time tokens sent by email or handed out: purpose 'reset' | 'claim' | 'invite' | 'email'. */
export interface AccountTokensTable {
  token_hash: string;
  purpose: string;
  user_id: number | null;
  /** What the token is about (a legacy author id for claims, a new email address…). */
  subject: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** Fixed-window rate-limit counters, shared by every process on the database. */
export interface RateLimitsTable {
  bucket: string;
  count: number;
  window_start: string;
}

/** Every email the archive sends (or would send without SMTP): readable by admins at /admin/outbox. */
export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body: string;
  created_at: string;
  sent_at: string | null;
}

/** A co-creator invitation: the pseud becomes a creator of the work once its account accepts. */
export interface CreatorshipInvitesTable {
  work_id: number;
  pseud_id: number;
  invited_by: number | null;
  created_at: string;
}

export interface GiftRecipientsTable {
  work_id: number;
  position: number;
  recipient: string;
}

/** Reader preferences as one JSON document per account (validated by zod on read). */
export interface PreferencesTable {
  user_id: number;
  value: string;
  updated_at: string;
}

export interface ReadingHistoryTable {
  user_id: number;
  work_id: number;
  chapter_position: number | null;
  viewed_at: string;
  views: number;
}

export interface AccountsDatabase {
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  rate_limits: RateLimitsTable;
  outbox: OutboxTable;
  creatorship_invites: CreatorshipInvitesTable;
  gift_recipients: GiftRecipientsTable;
  preferences: PreferencesTable;
  reading_history: ReadingHistoryTable;
}

/** A work whose full-text rows are still to be written (migration 0008). */
export interface TextPendingTable {
  work_id: number;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  /** 'work' (saved, taken down, deleted: see work_id) or 'tags' (wrangling changed filters). */
  kind: string;
  work_id: number | null;
  at: string;
}
