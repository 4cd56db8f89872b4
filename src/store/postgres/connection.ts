import pg from 'pg';
import type { Logger } from '../../logger.js';
import { describeCause, StoreError } from '../errors.js';
import { maskDatabaseUrl, secretsOf } from './url.js';

/** What every PostgreSQL query module is built from. */
export interface PgContext {
  readonly pool: pg.Pool;
  /** The clock for `created_at` and friends; tests pass a fixed one. */
  readonly now: () => Date;
}

/** How the pool connects. */
export interface PgPoolOptions {
  url: string;
  /** Connections at most (DATABASE_POOL_SIZE). */
  poolSize: number;
  /** How long to wait for a connection before DATABASE_UNREACHABLE. */
  connectTimeoutMs: number;
  logger: Logger | undefined;
}

/**
 * A pool of connections. Nothing connects until the first query. A connection that breaks while idle
 * (the server restarted, a backend was terminated) is dropped from the pool and the next query opens a
 * new one, so the pool recovers on its own once the server is back.
 */
export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'guidebot',
  });
  // Without a listener an idle connection's error would crash the process; the pool has already
  // discarded that connection, so there is nothing to do but say so.
  pool.on('error', (error) => {
    options.logger?.warn(
      { err: toPgStoreError(error, options.url) },
      'a PostgreSQL connection broke while idle; the pool opens a new one when needed',
    );
  });
  return pool;
}

/** SQLSTATE classes and codes that mean "the server cannot be reached or is going away". */
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** SQLSTATEs that mean "the server refused us": password, authorization, no such database, privilege. */
const REJECTED_SQLSTATES = new Set(['28P01', '28000', '3D000', '42501']);
/** Node network error codes of a connection that failed or broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/** pg's own errors (no code) for a connection that could not be made or was lost. */
const LOST_CONNECTION =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/i;

/**
 * Translates what pg or the network threw into a StoreError whose message names DATABASE_URL, shows the
 * URL with its password masked, and quotes the cause with any secret of the URL scrubbed out.
 */
export function toPgStoreError(error: unknown, url: string): StoreError {
  if (error instanceof StoreError) return error;
  const where = `DATABASE_URL (${maskDatabaseUrl(url)})`;
  let detail = describeCause(error);
  for (const secret of secretsOf(url)) detail = detail.replaceAll(secret, '***');
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (sqlState && (sqlState.startsWith('08') || UNREACHABLE_SQLSTATES.has(sqlState))) ||
    LOST_CONNECTION.test(detail)
  ) {
    return new StoreError(
      'DATABASE_UNREACHABLE',
      `Could not reach the PostgreSQL database at ${where}: ${detail}`,
      {
        cause: error,
      },
    );
  }
  if (sqlState && REJECTED_SQLSTATES.has(sqlState)) {
    return new StoreError(
      'DATABASE_REJECTED',
      `The PostgreSQL database at ${where} refused guidebot: ${detail}`,
      {
        cause: error,
      },
    );
  }
  return new StoreError('QUERY_FAILED', `A query on the PostgreSQL database at ${where} failed: ${detail}`, {
    cause: error,
  });
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws. A connection whose rollback also fails is destroyed rather than handed back to the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
