import { withStoreErrors } from '../errors.js';
import type { Store } from '../types.js';
import { openSqliteDatabase, toSqliteStoreError } from './connection.js';
import { createSqliteFeedback } from './feedback.js';
import { createSqlitePins } from './pins.js';
import { createSqliteRetention } from './prune.js';
import { createSqliteQuestionLog } from './question-log.js';
import { createSqliteReports } from './reports.js';
import { createSqliteTaughtQuestions } from './taught-questions.js';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** The clock for timestamps (tests). */
  now?: () => Date;
}

/**
 * The bot's database as one SQLite file (better-sqlite3): opened, created on first start and migrated.
 * better-sqlite3 is synchronous, so each call is one short transaction and no two handlers interleave
 * inside one. `':memory:'` gives a throwaway database for tests. Throws StoreError (DATABASE_UNREACHABLE,
 * SCHEMA_TOO_NEW, MIGRATION_FAILED); its methods reject with StoreError.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const db = openSqliteDatabase(path);
  const ctx = { db, now: options.now ?? (() => new Date()) };
  return withStoreErrors<Store>(
    {
      ...createSqliteQuestionLog(ctx),
      ...createSqliteRetention(ctx),
      ...createSqliteFeedback(ctx),
      ...createSqlitePins(ctx),
      ...createSqliteTaughtQuestions(ctx),
      ...createSqliteReports(ctx),
      async close() {
        if (db.open) db.close();
      },
    },
    (error) => toSqliteStoreError(error, path),
  );
}
