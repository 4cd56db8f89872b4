import path from 'node:path';
import type { Embedder } from '../../../src/core/embedder.js';
import { loadIndex, type LoadedIndex } from '../../../src/index/read.js';
import { HybridRetriever, type HybridRetrieverDeps } from '../../../src/core/retrieval/hybrid-retriever.js';
import { loadWordNet } from '../../../src/core/words/wordnet.js';
import { ingestCorpus } from '../../../src/ingest/ingest.js';
import { SPLIT } from '../../ingest/helpers.js';

/**
 * Ingests `corpusDir` into `<workDir>/index` and opens a HybridRetriever over it with WordNet; `more`
 * adds what the index alone does not give (fitted parameters, word vectors), and `asShipped` the
 * alternative questions kept with the build.
 */
export async function buildRetriever(
  corpusDir: string,
  workDir: string,
  embeddings: Embedder,
  more: Partial<HybridRetrieverDeps> & { asShipped?: boolean } = {},
): Promise<{ index: LoadedIndex; retriever: HybridRetriever }> {
  const indexDir = path.join(workDir, 'index');
  await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
  const index = await loadIndex(indexDir, embeddings);
  const retriever = await HybridRetriever.create({
    documents: index.documents,
    vectorStore: index.vectorStore,
    embeddings,
    synonyms: await loadWordNet(),
    ...(more.asShipped ? { alternativeQuestions: index.alternativeQuestions ?? [] } : {}),
    ...withoutFlag(more),
  });
  return { index, retriever };
}

function withoutFlag(
  more: Partial<HybridRetrieverDeps> & { asShipped?: boolean },
): Partial<HybridRetrieverDeps> {
  const deps = { ...more };
  delete deps.asShipped;
  return deps;
}
