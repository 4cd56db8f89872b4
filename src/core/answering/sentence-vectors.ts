import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { unit } from '../words/vectors.js';

/**
 * Sentence embeddings, computed on first use and kept (the guide has a few hundred sentences), so a
 * warm question embeds only the question itself.
 */
export class SentenceVectorCache {
  private readonly vectors = new Map<string, number[]>();
  constructor(private readonly maxEntries = 20_000) {}

  async get(sentences: string[], embeddings: EmbeddingsInterface): Promise<number[][]> {
    const missing = [...new Set(sentences.filter((s) => !this.vectors.has(s)))];
    if (missing.length > 0) {
      const embedded = await embeddings.embedDocuments(missing);
      if (this.vectors.size + missing.length > this.maxEntries) this.vectors.clear();
      missing.forEach((sentence, i) => this.vectors.set(sentence, unit(embedded[i] ?? [])));
    }
    return sentences.map((s) => this.vectors.get(s)!);
  }
}
