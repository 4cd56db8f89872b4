import type { Logger } from '../../logger.js';
import { StoreError, withStoreErrors } from '../errors.js';
import type { Store } from '../types.js';
import { createPgPool, toPgStoreError, type PgContext } from './connection.js';
import { createPgFeedback } from './feedback.js';
import { migratePostgres } from './migrations.js';
import { createPgPins } from './pins.js';
import { createPgRetention } from './prune.js';
import { createPgQuestionLog } from './question-log.js';
import { createPgReports } from './reports.js';
import { createPgTaughtQuestions } from './taught-questions.js';
import { isPostgresUrl, maskDatabaseUrl } from './url.js';

/** Default number of connections (DATABASE_POOL_SIZE): a bot answers a handful of questions at a time. */
export const DEFAULT_POOL_SIZE = 5;
/** How long to wait for a connection before DATABASE_UNREACHABLE. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** DATABASE_URL: `postgres://user:password@host:5432/database`. */
  url: string;
  /** DATABASE_POOL_SIZE. */
  poolSize?: number;
  connectTimeoutMs?: number;
  /** Where a connection that breaks while idle is reported. */
  logger?: Logger;
  /** The clock for timestamps (tests). */
  now?: () => Date;
}

/**
 * The bot's database on a PostgreSQL server, shared by every bot process that points at it: connects,
 * migrates (under an advisory lock) and returns the store. Nothing is cached in the process, so what
 * one process writes, another reads at once. Throws StoreError: DATABASE_URL_INVALID,
 * DATABASE_UNREACHABLE, DATABASE_REJECTED, SCHEMA_TOO_NEW or MIGRATION_FAILED; the pool is closed
 * again before it throws.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { url } = options;
  checkPostgresUrl(url);
  const pool = createPgPool({
    url,
    poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    logger: options.logger,
  });
  try {
    await migratePostgres(pool, url);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const ctx: PgContext = { pool, now: options.now ?? (() => new Date()) };
  let closing: Promise<void> | undefined;
  return withStoreErrors<Store>(
    {
      ...createPgQuestionLog(ctx),
      ...createPgRetention(ctx),
      ...createPgFeedback(ctx),
      ...createPgPins(ctx),
      ...createPgTaughtQuestions(ctx),
      ...createPgReports(ctx),
      close() {
        closing ??= pool.end();
        return closing;
      },
    },
    (error) => toPgStoreError(error, url),
  );
}

/** Refuses a DATABASE_URL that is not a PostgreSQL URL, before pg parses it (its errors quote the input). */
function checkPostgresUrl(url: string): void {
  let valid = isPostgresUrl(url);
  if (valid) {
    try {
      new URL(url.trim());
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new StoreError(
      'DATABASE_URL_INVALID',
      `DATABASE_URL (${maskDatabaseUrl(url)}) is not a PostgreSQL URL; write it as postgres://user:password@host:5432/database (percent-encode special characters in the password).`,
    );
  }
}
