// Entry point of each worker thread of `UseLitePoolEmbeddings` (see use-lite-pool.ts). Plain
// JavaScript with the encoder in use-lite-encoder.mjs, the same code the in-process class runs, so the
// threads need no TypeScript loader (Piscina starts them as ordinary worker threads; under vitest they
// would not inherit one either).
import { move, workerData } from 'piscina';
import { createUseLiteEncoder } from './use-lite-encoder.mjs';

const DIMENSIONS = 512;
const encoder = createUseLiteEncoder(workerData.batchSize);

// Load the model while the thread starts: Piscina awaits this module before the thread takes work,
// so the thread loads the model once and no question pays for it.
await encoder.embed(['warm up']);

/**
 * Embeds `texts` (unit vectors), packed row after row into one Float64Array that is moved, not
 * copied, to the main thread.
 */
export default async function embedTexts(texts) {
  const vectors = await encoder.embed(texts);
  const packed = new Float64Array(vectors.length * DIMENSIONS);
  vectors.forEach((vector, row) => packed.set(vector, row * DIMENSIONS));
  return move(packed);
}
