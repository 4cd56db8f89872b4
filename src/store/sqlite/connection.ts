import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './migrations.js';

/** What every SQLite query module is built from. */
export interface SqliteContext {
  readonly db: Database;
  /** The clock for `created_at` and friends; tests pass a fixed one. */
  readonly now: () => Date;
}

/**
 * Opens (creating the folder and file on first start) and migrates the database. `':memory:'` gives a
 * throwaway database for tests. The connection is closed again if migrating fails.
 */
export function openSqliteDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    // WAL lets the report CLI read while the bot writes; the busy timeout covers the rare overlap of writers.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
