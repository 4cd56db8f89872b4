import { availableParallelism } from 'node:os';
import { Embeddings } from '@langchain/core/embeddings';
import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import type { Embedder } from '../../core/embedder.js';
import { PipelineError } from '../../core/errors.js';
import { USE_LITE_INFO } from './use-lite.js';

export interface UseLitePoolOptions {
  /** Worker threads, each with its own copy of the model. Default: one per core (`os.availableParallelism()`). */
  workers?: number;
  /** Texts per forward pass for `embedDocuments`. Default 32. */
  batchSize?: number;
  /** How long a query waits for others to share its batch, in ms. Default 2. */
  batchWindowMs?: number;
  /** Most queries sent in one batch; a full batch goes at once. Default 32. */
  maxQueryBatch?: number;
  /** Recent query vectors kept; 0 keeps none. Default 2,000 (about 8 MB). */
  cacheSize?: number;
  /**
   * How much lower the worker threads run than the main thread (Unix `nice`, per thread on Linux), so
   * that when cores are short the main thread, which talks to Discord, wins. Default 5; 0 keeps equal.
   */
  niceIncrement?: number;
  /** Where worker trouble that no caller sees is reported (a thread that died while idle). */
  logger?: Logger;
  /** Test seam: the worker entry point. Production code passes nothing. */
  workerUrl?: URL;
}

/** Counters for diagnostics and tests. */
export interface UseLitePoolStats {
  /** Tasks sent to the worker threads (each one forward pass or a few). */
  batches: number;
  /** Texts sent to the worker threads. */
  texts: number;
  /** Texts answered from the recent-query cache. */
  cacheHits: number;
  /** Texts that joined a computation already under way for the same text. */
  inFlightShared: number;
}

/** A text waiting for its vector. */
interface Pending {
  text: string;
  vector: Promise<number[]>;
  resolve: (vector: number[]) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_WORKER_URL = new URL('./use-lite-worker.mjs', import.meta.url);

/**
 * USE-lite (the same model, code and `info` as `UseLiteEmbeddings`, so indexes stay compatible) run
 * on a pool of worker threads, so the encoder never holds up the main thread's event loop.
 *
 * - Queries (`embedQuery`) that arrive within `batchWindowMs` of each other go to a worker as one
 *   batch (up to `maxQueryBatch`); the model is several times faster per text in a batch.
 * - A text already being embedded is not embedded again: later callers share the first one's result
 *   (documents and queries alike). Recent query vectors are kept in a small LRU cache.
 * - The threads start, and each loads the model once, on first use; idle threads do not keep the
 *   process alive. Call `close()` at shutdown: it waits for the work already asked for, then ends them.
 *
 * The batching, sharing and cache are written here because no kept library does all three around a
 * worker pool; the pool (piscina) and the cache (lru-cache) are libraries.
 */
export class UseLitePoolEmbeddings extends Embeddings implements Embedder {
  readonly info = USE_LITE_INFO;
  private readonly workers: number;
  private readonly batchSize: number;
  private readonly batchWindowMs: number;
  private readonly maxQueryBatch: number;
  private readonly niceIncrement: number;
  private readonly logger: Logger | undefined;
  private readonly workerUrl: URL;
  private readonly cache: LRUCache<string, number[]> | undefined;
  private readonly inFlight = new Map<string, Promise<number[]>>();
  private readonly running = new Set<Promise<void>>();
  private readonly counts: UseLitePoolStats = { batches: 0, texts: 0, cacheHits: 0, inFlightShared: 0 };
  private pool: Piscina | undefined;
  private queued: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: UseLitePoolOptions = {}) {
    super({});
    this.workers = options.workers ?? availableParallelism();
    this.batchSize = options.batchSize ?? 32;
    this.batchWindowMs = options.batchWindowMs ?? 2;
    this.maxQueryBatch = options.maxQueryBatch ?? 32;
    this.niceIncrement = options.niceIncrement ?? 5;
    this.logger = options.logger;
    this.workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
    for (const [key, value, min] of [
      ['workers', this.workers, 1],
      ['batchSize', this.batchSize, 1],
      ['maxQueryBatch', this.maxQueryBatch, 1],
      ['batchWindowMs', this.batchWindowMs, 0],
    ] as const) {
      if (!Number.isInteger(value) || value < min) {
        throw new RangeError(`UseLitePoolEmbeddings: ${key} must be an integer >= ${min}, got ${value}`);
      }
    }
    const cacheSize = options.cacheSize ?? 2000;
    this.cache = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : undefined;
  }

  /** Counters since construction (see `UseLitePoolStats`). */
  stats(): UseLitePoolStats {
    return { ...this.counts };
  }

  override async embedQuery(text: string): Promise<number[]> {
    this.checkOpen();
    const vector = this.known(text) ?? this.enqueueQuery(text);
    return (await vector).slice();
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.checkOpen();
    const vectors = new Map<string, Promise<number[]>>();
    const missing: Pending[] = [];
    for (const text of texts) {
      if (vectors.has(text)) continue;
      const known = this.known(text);
      if (known) {
        vectors.set(text, known);
      } else {
        const pending = this.register(text);
        missing.push(pending);
        vectors.set(text, pending.vector);
      }
    }
    // Documents come batched already (ingestion, answer sentences): no waiting window. They are not
    // cached either: an ingestion would push every recent question out.
    for (let start = 0; start < missing.length; start += this.batchSize) {
      this.send(missing.slice(start, start + this.batchSize), false);
    }
    const ordered = await Promise.all(texts.map((text) => vectors.get(text)!));
    return ordered.map((vector) => vector.slice());
  }

  /**
   * Stops taking work, lets what was already asked for finish, then ends the worker threads, so
   * nothing of the pool keeps the process alive. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flushQueries();
      await Promise.allSettled([...this.running]);
      await this.pool?.destroy();
      this.pool = undefined;
    })();
    return this.closing;
  }

  /** The vector of `text` if it is cached or already being computed. */
  private known(text: string): Promise<number[]> | undefined {
    const cached = this.cache?.get(text);
    if (cached) {
      this.counts.cacheHits += 1;
      return Promise.resolve(cached);
    }
    const shared = this.inFlight.get(text);
    if (shared) this.counts.inFlightShared += 1;
    return shared;
  }

  /** Marks `text` as being computed, so that concurrent callers share it. */
  private register(text: string): Pending {
    let resolve!: (vector: number[]) => void;
    let reject!: (error: unknown) => void;
    const vector = new Promise<number[]>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    this.inFlight.set(text, vector);
    return { text, vector, resolve, reject };
  }

  private enqueueQuery(text: string): Promise<number[]> {
    const pending = this.register(text);
    this.queued.push(pending);
    if (this.queued.length >= this.maxQueryBatch) this.flushQueries();
    // Not unref'd: a caller awaiting a query must keep a one-shot process alive until it is answered.
    else this.timer ??= setTimeout(() => this.flushQueries(), this.batchWindowMs);
    return pending.vector;
  }

  private flushQueries(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queued;
    this.queued = [];
    if (batch.length > 0) this.send(batch, true);
  }

  /** Runs one batch on a worker and settles its texts (always: callers never wait forever). */
  private send(batch: Pending[], cache: boolean): void {
    this.counts.batches += 1;
    this.counts.texts += batch.length;
    const texts = batch.map((pending) => pending.text);
    // Through an executor so that a pool that cannot even start rejects these texts instead of throwing
    // inside a timer callback.
    const done = new Promise<unknown>((resolve) => resolve(this.startPool().run(texts)))
      .then((packed: unknown) => {
        const vectors = unpack(packed, batch.length);
        batch.forEach((pending, row) => {
          this.inFlight.delete(pending.text);
          const vector = vectors[row]!;
          if (cache) this.cache?.set(pending.text, vector);
          pending.resolve(vector);
        });
      })
      .catch((error: unknown) => {
        const failure = new PipelineError(
          'EMBEDDINGS_FAILED',
          `use-lite embeddings failed in a worker thread (${batch.length} texts): ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
        for (const pending of batch) {
          this.inFlight.delete(pending.text);
          pending.reject(failure);
        }
      })
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  private startPool(): Piscina {
    if (this.pool) return this.pool;
    // What every worker thread gets (use-lite-worker.mjs): texts per forward pass.
    const workerData = { batchSize: this.batchSize };
    const pool = new Piscina({
      filename: this.workerUrl.href,
      minThreads: this.workers,
      maxThreads: this.workers,
      workerData,
      niceIncrement: this.niceIncrement,
    });
    // Piscina reports a thread that fails while no task is on it as an 'error' event; left without a
    // listener that event would crash the process. Tasks on a failing thread are rejected (see `send`).
    pool.on('error', (error: unknown) =>
      this.logger?.warn({ err: error }, 'a use-lite worker thread failed; the pool starts another'),
    );
    this.pool = pool;
    return pool;
  }

  private checkOpen(): void {
    if (this.closing) {
      throw new PipelineError('EMBEDDINGS_FAILED', 'use-lite embeddings were asked for after close()');
    }
  }
}

/** Splits the worker's packed rows back into one array per text. */
function unpack(packed: unknown, count: number): number[][] {
  const { dimensions } = USE_LITE_INFO;
  if (!(packed instanceof Float64Array) || packed.length !== count * dimensions) {
    throw new Error(`a worker returned ${describe(packed)} for ${count} texts`);
  }
  return Array.from({ length: count }, (_, row) =>
    Array.from(packed.subarray(row * dimensions, (row + 1) * dimensions)),
  );
}

function describe(value: unknown): string {
  if (value instanceof Float64Array) return `${value.length} numbers`;
  return value === null ? 'null' : typeof value;
}
