import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { describeCause, StoreError } from '../errors.js';
import { migrate } from './migrations.js';

/** What every SQLite query module is built from. */
export interface SqliteContext {
  readonly db: Database;
  /** The clock for `created_at` and friends; tests pass a fixed one. */
  readonly now: () => Date;
}

/**
 * Opens (creating the folder and file on first start) and migrates the database. `':memory:'` gives a
 * throwaway database for tests. The connection is closed again if migrating fails. Throws StoreError.
 */
export function openSqliteDatabase(path: string): Database {
  let db: Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new BetterSqlite3(path);
  } catch (error) {
    throw toSqliteStoreError(error, path);
  }
  try {
    // WAL lets the report CLI read while the bot writes; the busy timeout covers the rare overlap of writers.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw toSqliteStoreError(error, path);
  }
  return db;
}

/** SQLite's and the file system's codes for a file that cannot be opened, read or written. */
const UNREACHABLE_CODES =
  /^(SQLITE_CANTOPEN|SQLITE_PERM|SQLITE_READONLY|SQLITE_IOERR|SQLITE_FULL|EACCES|EPERM|EROFS|ENOSPC|ENOTDIR|EEXIST)/;

/** Translates what better-sqlite3 or the file system threw into a StoreError naming DATABASE_PATH. */
export function toSqliteStoreError(error: unknown, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = describeCause(error);
  if (typeof code === 'string' && UNREACHABLE_CODES.test(code)) {
    return new StoreError(
      'DATABASE_UNREACHABLE',
      `Could not use the SQLite database at DATABASE_PATH (${path}): ${detail}`,
      { cause: error },
    );
  }
  return new StoreError(
    'QUERY_FAILED',
    `A query on the SQLite database at DATABASE_PATH (${path}) failed: ${detail}`,
    {
      cause: error,
    },
  );
}
