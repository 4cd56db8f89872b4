import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Logger } from 'pino';
import { PipelineError } from '../../core/errors.js';
import type { EmbedderInfo } from '../../core/types.js';
import { describeProviderError } from '../provider-errors.js';
import type { Embedder } from '../../core/embedder.js';
import { callWithRetries } from '../retry.js';

export interface RemoteEmbeddingsOptions {
  /** The LangChain provider that does the HTTP; its own retries must be off (we retry and count here). */
  inner: EmbeddingsInterface;
  provider: 'openai' | 'ollama';
  model: string;
  /** Known vector length; when absent it is learnt from the first vectors returned (see `init`). */
  dimensions?: number;
  /** Texts per request. */
  batchSize: number;
  maxRetries: number;
  /** First backoff wait; tests pass a few milliseconds. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait. Default 20 s. */
  retryMaxDelayMs?: number;
  logger?: Logger;
  /** The setting that points at the server, quoted in failures, e.g. `OLLAMA_BASE_URL=http://…`. */
  server?: string;
}

/**
 * A hosted or local-server embedder (OpenAI-compatible or Ollama) wrapped for the guide: it sends
 * texts in batches of `batchSize` one request at a time, retries a failed request with backoff,
 * counts every HTTP attempt in `requestCount`, checks the vectors, and reports what it is in `info`.
 *
 * Dimensions: `info.dimensions` is 0 until known. It is known up front for OpenAI's own models
 * (a table), and otherwise learnt from the first vectors any call returns. Code that must record or
 * compare it without having embedded anything yet (ingestion writing a manifest from a fully cached
 * build, a query-time manifest check) calls `await init()`, which embeds one probe string if needed.
 * The probe is a real request and is counted.
 */
export class RemoteEmbeddings extends Embeddings implements Embedder {
  private readonly options: RemoteEmbeddingsOptions;
  private dimensions: number | undefined;
  private requests = 0;

  constructor(options: RemoteEmbeddingsOptions) {
    super({ maxRetries: 0 });
    this.options = options;
    this.dimensions = options.dimensions;
  }

  get info(): EmbedderInfo {
    return { provider: this.options.provider, model: this.options.model, dimensions: this.dimensions ?? 0 };
  }

  /** HTTP attempts made so far, retries included. */
  get requestCount(): number {
    return this.requests;
  }

  /** Makes sure `info.dimensions` is known (one probe request at most, only once), then returns `info`. */
  async init(): Promise<EmbedderInfo> {
    if (this.dimensions === undefined) await this.embedQuery('dimension probe');
    return this.info;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    const { batchSize } = this.options;
    for (let start = 0; start < texts.length; start += batchSize) {
      // Hosted APIs reject empty strings; a single space embeds as "nothing" (as USE-lite does).
      const batch = texts.slice(start, start + batchSize).map((t) => (t.trim() ? t : ' '));
      const embedded = await this.send(
        `embedding texts ${start + 1}-${start + batch.length} of ${texts.length}`,
        () => this.options.inner.embedDocuments(batch),
      );
      if (embedded.length !== batch.length) {
        throw this.failure(`the server returned ${embedded.length} vectors for ${batch.length} texts`);
      }
      for (const vector of embedded) vectors.push(this.checkVector(vector));
    }
    return vectors;
  }

  override async embedQuery(text: string): Promise<number[]> {
    const vector = await this.send('embedding a query', () =>
      this.options.inner.embedQuery(text.trim() ? text : ' '),
    );
    return this.checkVector(vector);
  }

  private async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await callWithRetries(
        () => {
          this.requests += 1;
          return call();
        },
        {
          maxRetries: this.options.maxRetries,
          baseDelayMs: this.options.retryBaseDelayMs ?? 500,
          maxDelayMs: this.options.retryMaxDelayMs ?? 20_000,
          onRetry: ({ attempt, delayMs, failure }) =>
            this.options.logger?.warn(
              {
                provider: this.options.provider,
                model: this.options.model,
                attempt,
                delayMs,
                status: failure.status,
                reason: failure.reason,
              },
              'embedding request failed; retrying',
            ),
        },
      );
    } catch (error) {
      const { reason } = describeProviderError(error, { server: this.options.server });
      throw this.failure(`${what}: ${reason}`, error);
    }
  }

  private checkVector(vector: unknown): number[] {
    if (
      !Array.isArray(vector) ||
      vector.length === 0 ||
      !vector.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      throw this.failure('the server returned something that is not a vector');
    }
    this.dimensions ??= vector.length;
    if (vector.length !== this.dimensions) {
      throw this.failure(
        `the server returned a ${vector.length}-dimensional vector where ${this.dimensions} were expected`,
      );
    }
    return vector as number[];
  }

  private failure(detail: string, cause?: unknown): PipelineError {
    return new PipelineError(
      'EMBEDDINGS_FAILED',
      `${this.options.provider} embeddings (${this.options.model}) failed: ${detail}`,
      { cause },
    );
  }
}
