import type { Embedder } from '../../core/embedder.js';

/**
 * Ends whatever an embedder keeps running (the worker threads of `UseLitePoolEmbeddings`); embedders
 * that hold nothing open have nothing to end. Call it once at shutdown, after the last question.
 */
export async function closeEmbeddings(embeddings: Embedder): Promise<void> {
  const { close } = embeddings as { close?: unknown };
  if (typeof close === 'function') await (close as () => Promise<void>).call(embeddings);
}
