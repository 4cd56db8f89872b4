/**
 * The work done inside each worker thread of `UseLitePoolEmbeddings` (loaded through
 * use-lite-worker.mjs; never import it on the main thread except as a type).
 */
import { move, workerData } from 'piscina';
import { USE_LITE_INFO, UseLiteEmbeddings } from './use-lite.js';

/** What the main thread gives every worker. */
export interface UseLiteWorkerData {
  /** Texts per forward pass. */
  batchSize: number;
}

const { batchSize } = workerData as UseLiteWorkerData;
// The in-process class itself, so pool and in-process vectors cannot drift apart. A local model gains
// nothing from LangChain's retries: a failure is reported at once.
const embeddings = new UseLiteEmbeddings({ batchSize, maxRetries: 0 });

// Load the model while the thread starts: Piscina awaits this module before the thread takes work,
// so the thread loads the model once and no question pays for it.
await embeddings.embedQuery('warm up');

/**
 * Embeds `texts` (unit vectors, as `UseLiteEmbeddings` returns them), packed row after row into one
 * Float64Array that is moved, not copied, to the main thread.
 */
export default async function embedTexts(texts: string[]): Promise<Float64Array> {
  const vectors = await embeddings.embedDocuments(texts);
  const { dimensions } = USE_LITE_INFO;
  const packed = new Float64Array(vectors.length * dimensions);
  vectors.forEach((vector, row) => packed.set(vector, row * dimensions));
  return move(packed) as Float64Array;
}
