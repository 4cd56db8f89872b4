/**
 * Typed errors of the core and ingestion. Each names the bad value; callers at the boundaries (CLI,
 * Discord) turn them into a short sentence for people and log the detail.
 */

export type GuideErrorCode =
  | 'CORPUS_MISSING'
  | 'CORPUS_EMPTY'
  | 'CORPUS_UNREADABLE'
  | 'CORPUS_FILE_EMPTY'
  | 'CORPUS_BINARY'
  | 'INDEX_MISSING'
  | 'INDEX_CORRUPT'
  | 'INDEX_EMBEDDER_MISMATCH'
  | 'INGEST_LOCKED'
  | 'INGEST_INTERRUPTED'
  | 'EMBEDDINGS_FAILED'
  | 'LLM_FAILED';

export class GuideError extends Error {
  override readonly name: string = 'GuideError';
  constructor(
    readonly code: GuideErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isGuideError(error: unknown, code?: GuideErrorCode): error is GuideError {
  return error instanceof GuideError && (code === undefined || error.code === code);
}
