/**
 * Typed errors of the store. Each message names the setting to look at (DATABASE_URL or DATABASE_PATH)
 * and never a password; callers at the boundaries turn them into a short sentence for people.
 */

export type StoreErrorCode =
  /** DATABASE_URL is not a PostgreSQL URL that can be parsed. */
  | 'DATABASE_URL_INVALID'
  /** The server (or file) cannot be reached now: refused, timed out, connection lost, shutting down. */
  | 'DATABASE_UNREACHABLE'
  /** The server answered but refused us: wrong password, no such database, missing privilege. */
  | 'DATABASE_REJECTED'
  /** The database was migrated by a newer guidebot than this one. */
  | 'SCHEMA_TOO_NEW'
  /** A migration failed and was rolled back. */
  | 'MIGRATION_FAILED'
  /** Any other failure of a statement. */
  | 'QUERY_FAILED';

/** A failure of the database, with a code to branch on and the original error as `cause`. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/**
 * Wraps every method of `methods` so that what it throws reaches the caller through `convert` (the
 * engine's translation into a StoreError). A StoreError passes through as it is, and so does a
 * RangeError: that is the caller's bad argument, not the database's failure.
 */
export function withStoreErrors<T extends object>(methods: T, convert: (error: unknown) => StoreError): T {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(methods)) {
    if (typeof value !== 'function') {
      guarded[key] = value;
      continue;
    }
    const method = value as (...args: unknown[]) => unknown;
    guarded[key] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        if (error instanceof StoreError || error instanceof RangeError) throw error;
        throw convert(error);
      }
    };
  }
  return guarded as T;
}

/** The error's own words, for a message: `message`, else its `code` (Node's AggregateError has none). */
export function describeCause(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
