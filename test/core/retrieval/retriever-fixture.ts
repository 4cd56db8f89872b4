import path from 'node:path';
import type { Embedder } from '../../../src/core/embedder.js';
import { loadIndex, type LoadedIndex } from '../../../src/index/read.js';
import { HybridRetriever } from '../../../src/core/retrieval/hybrid-retriever.js';
import { loadWordNet } from '../../../src/core/words/wordnet.js';
import { ingestCorpus } from '../../../src/ingest/ingest.js';
import { SPLIT } from '../../ingest/helpers.js';

/** Ingests `corpusDir` into `<workDir>/index` and opens a HybridRetriever over it with WordNet. */
export async function buildRetriever(
  corpusDir: string,
  workDir: string,
  embeddings: Embedder,
): Promise<{ index: LoadedIndex; retriever: HybridRetriever }> {
  const indexDir = path.join(workDir, 'index');
  await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
  const index = await loadIndex(indexDir, embeddings);
  const retriever = await HybridRetriever.create({
    documents: index.documents,
    vectorStore: index.vectorStore,
    embeddings,
    synonyms: await loadWordNet(),
  });
  return { index, retriever };
}
