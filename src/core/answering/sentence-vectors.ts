import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { asUnit, unit } from '../words/vectors.js';

/**
 * Sentence embeddings of the guide's quotable sentences. Ingestion stores them with the index and the
 * guide seeds this cache at every (re)load, so no answer waits for them; a sentence missing from the
 * index (an older build) is embedded on first use and kept. Questions that arrive together and need the
 * same missing sentences share one embedding call instead of each repeating it.
 */
export class SentenceVectorCache {
  private readonly vectors = new Map<string, number[]>();
  private readonly pending = new Map<string, Promise<number[]>>();
  constructor(private readonly maxEntries = 20_000) {}

  /** Adds vectors computed elsewhere (the index's stored sentence vectors); returns how many. */
  seed(vectors: ReadonlyMap<string, readonly number[]>): number {
    if (this.vectors.size + vectors.size > this.maxEntries) this.vectors.clear();
    for (const [sentence, vector] of vectors) this.vectors.set(sentence, asUnit(vector));
    return vectors.size;
  }

  async get(sentences: string[], embeddings: EmbeddingsInterface): Promise<number[][]> {
    const missing = [...new Set(sentences.filter((s) => !this.vectors.has(s) && !this.pending.has(s)))];
    if (missing.length > 0) {
      const batch = embeddings.embedDocuments(missing);
      missing.forEach((sentence, i) => {
        const one = batch.then((embedded) => unit(embedded[i] ?? []));
        this.pending.set(sentence, one);
        void one.then(
          (vector) => {
            if (this.vectors.size >= this.maxEntries) this.vectors.clear();
            this.vectors.set(sentence, vector);
            this.pending.delete(sentence);
          },
          () => this.pending.delete(sentence),
        );
      });
    }
    return Promise.all(sentences.map((s) => this.vectors.get(s) ?? this.pending.get(s)!));
  }
}
