import { PipelineError, isPipelineError } from '../core/errors.js';
import { resolveEmbedderInfo } from '../providers/embeddings/create-embeddings.js';
import type { Embedder } from '../core/embedder.js';
import type { EmbedderInfo } from '../core/types.js';

/** One text to embed; `key` names its content (equal keys mean equal texts, embedded once). */
export interface EmbedItem {
  key: string;
  text: string;
}

export interface EmbedTextsOptions {
  /** The texts, in the order of the vectors returned. */
  items: readonly EmbedItem[];
  /** key -> vector from the previous build (same embedder); those items are not embedded again. */
  cache: ReadonlyMap<string, number[]>;
  embeddings: Embedder;
  /** The vector length every returned vector must have. */
  dimensions: number;
  /** Most texts per `embedDocuments` call (EMBEDDINGS_BATCH_SIZE); see `textsPerCall`. */
  batchSize: number;
  /** Called before the first batch and after each one, with texts embedded so far and to embed. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Checked before each batch. */
  signal?: AbortSignal | undefined;
}

export interface EmbedResult {
  /** `vectors[i]` is the vector of `items[i]`. */
  vectors: number[][];
  /** Items whose vector was computed now. */
  embedded: number;
  /** Items whose vector came from the cache. */
  reused: number;
  /** `embedDocuments` calls made. */
  calls: number;
}

/**
 * Vectors for `items`: from the cache where the key is there, else embedded in batches (identical
 * texts, such as a paragraph repeated in two files, are embedded once).
 *
 * @throws PipelineError EMBEDDINGS_FAILED when the embedder fails or returns vectors of the wrong length;
 *   the signal's reason when it is aborted.
 */
export async function embedTexts(options: EmbedTextsOptions): Promise<EmbedResult> {
  const { items, cache, embeddings, dimensions, batchSize, onProgress, signal } = options;
  const missing = new Map<string, string>();
  for (const { key, text } of items) {
    if (!cache.has(key) && !missing.has(key)) missing.set(key, text);
  }
  const todo = [...missing.entries()];
  const perCall = textsPerCall(todo.length, batchSize);
  const fresh = new Map<string, number[]>();
  let calls = 0;
  onProgress?.(0, todo.length);
  for (let start = 0; start < todo.length; start += perCall) {
    // A turn of the event loop first: a local encoder's promises resolve as microtasks, so without it
    // a SIGINT handler (which aborts `signal`) would not run until the embedding was over.
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const batch = todo.slice(start, start + perCall);
    let result: number[][];
    try {
      calls++;
      result = await embeddings.embedDocuments(batch.map(([, text]) => text));
    } catch (cause) {
      throw asEmbeddingsError(embeddings, cause);
    }
    if (result.length !== batch.length) {
      throw new PipelineError(
        'EMBEDDINGS_FAILED',
        `The embedder returned ${result.length} vectors for ${batch.length} texts.`,
      );
    }
    result.forEach((vector, i) => {
      if (vector.length !== dimensions || vector.some((x) => !Number.isFinite(x))) {
        throw new PipelineError(
          'EMBEDDINGS_FAILED',
          `The embedder returned a ${vector.length}-dimension vector (expected ${dimensions}) or non-numbers for "${batch[i]![1].slice(0, 60)}".`,
        );
      }
      fresh.set(batch[i]![0], vector);
    });
    onProgress?.(Math.min(start + perCall, todo.length), todo.length);
  }
  let embedded = 0;
  let reused = 0;
  const vectors = items.map(({ key }) => {
    const cached = cache.get(key);
    if (cached) {
      reused++;
      return cached;
    }
    embedded++;
    return fresh.get(key)!;
  });
  return { vectors, embedded, reused, calls };
}

/** Below this many texts a call, a local encoder loses speed and a hosted one costs extra requests. */
const MIN_TEXTS_PER_CALL = 16;
/** Progress steps aimed for, so the progress line moves (and an interrupt is seen) during the work. */
const PROGRESS_STEPS = 10;

/**
 * Texts per `embedDocuments` call: at most `batchSize`, and few enough that the work takes about ten
 * calls, but not under 16. Progress is reported (and the abort signal checked) between calls: the
 * guide's 51 chunks used to go in one call of 64, so the line sat at "0/51" until the end and Ctrl-C
 * waited for it. USE-lite embeds 16 texts a call as fast per text as 64 on two cores.
 */
export function textsPerCall(total: number, batchSize: number): number {
  const max = Math.max(1, batchSize);
  return Math.min(max, Math.max(MIN_TEXTS_PER_CALL, Math.ceil(total / PROGRESS_STEPS)));
}

/**
 * The embedder's provider, model and vector length; a hosted embedder that does not know its vector
 * length yet is asked (one probe request).
 *
 * @throws PipelineError EMBEDDINGS_FAILED when the probe fails or no length can be found.
 */
export async function resolveEmbedder(embeddings: Embedder): Promise<EmbedderInfo> {
  let info: EmbedderInfo;
  try {
    info = await resolveEmbedderInfo(embeddings);
  } catch (cause) {
    throw asEmbeddingsError(embeddings, cause);
  }
  if (!(info.dimensions > 0)) {
    throw new PipelineError(
      'EMBEDDINGS_FAILED',
      `The embedder ${info.provider}:${info.model} did not say how long its vectors are.`,
    );
  }
  return { provider: info.provider, model: info.model, dimensions: info.dimensions };
}

/** A failure of the embedder as the PipelineError ingestion reports (typed errors pass through unchanged). */
function asEmbeddingsError(embeddings: Embedder, cause: unknown): PipelineError {
  if (isPipelineError(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PipelineError(
    'EMBEDDINGS_FAILED',
    `The embedder ${embeddings.info.provider}:${embeddings.info.model} failed: ${reason}`,
    { cause },
  );
}
