import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { EmbedderInfo } from './types.js';

/** A LangChain embeddings object that also says what it is (checked against the index manifest). */
export interface Embedder extends EmbeddingsInterface {
  readonly info: EmbedderInfo;
  /** Requests sent to a remote embedding API so far (0 for local models); reported by ingestion. */
  readonly requestCount?: number;
}
