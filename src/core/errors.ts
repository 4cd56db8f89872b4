/**
 * Typed errors of the pipeline behind the answers: the corpus, ingestion, the index and the providers
 * (embedders, chat models). Each names the bad value; callers at the boundaries (CLI, Discord) turn
 * them into a short sentence for people and log the detail.
 */

export type PipelineErrorCode =
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

/** A failure of the corpus, ingestion, the index or a provider, with a code callers can branch on. */
export class PipelineError extends Error {
  override readonly name: string = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether `error` is a `PipelineError`, with the given code when one is given. */
export function isPipelineError(error: unknown, code?: PipelineErrorCode): error is PipelineError {
  return error instanceof PipelineError && (code === undefined || error.code === code);
}
