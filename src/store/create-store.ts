import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPostgresStore } from './postgres/open.js';
import { isPostgresUrl } from './postgres/url.js';
import { openSqliteStore } from './sqlite/open.js';
import type { Store } from './types.js';

/** Where the database is. */
export interface StoreSettings {
  /** DATABASE_URL: a PostgreSQL server when set (postgres:// or postgresql://). */
  databaseUrl?: string | undefined;
  /** DATABASE_PATH: the SQLite file used when DATABASE_URL is not set. */
  databasePath: string;
  /** DATABASE_POOL_SIZE (PostgreSQL only). */
  poolSize?: number;
  logger?: Logger;
  /** The clock for timestamps (tests). */
  now?: () => Date;
}

/**
 * Opens the bot's database: PostgreSQL when DATABASE_URL names a server, the SQLite file at
 * DATABASE_PATH otherwise. Either way it is migrated to the latest schema. Throws StoreError.
 */
export async function createStore(settings: StoreSettings): Promise<Store> {
  const now = settings.now ? { now: settings.now } : {};
  if (settings.databaseUrl && isPostgresUrl(settings.databaseUrl)) {
    return openPostgresStore({
      url: settings.databaseUrl,
      ...(settings.poolSize ? { poolSize: settings.poolSize } : {}),
      ...(settings.logger ? { logger: settings.logger } : {}),
      ...now,
    });
  }
  if (settings.databaseUrl) {
    // Let the PostgreSQL opener refuse it, with the message that says how to write one.
    return openPostgresStore({ url: settings.databaseUrl });
  }
  return openSqliteStore(settings.databasePath, now);
}

/** `createStore` from the settings (`.env`). */
export function createStoreFromConfig(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_POOL_SIZE'>,
  logger?: Logger,
): Promise<Store> {
  return createStore({
    databaseUrl: config.DATABASE_URL,
    databasePath: config.DATABASE_PATH,
    poolSize: config.DATABASE_POOL_SIZE,
    ...(logger ? { logger } : {}),
  });
}
