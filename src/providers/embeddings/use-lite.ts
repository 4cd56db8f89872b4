import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { EmbedderInfo } from '../../core/types.js';
import { createUseLiteEncoder, type UseLiteEncoder } from './use-lite-encoder.mjs';

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
  private readonly encoder: UseLiteEncoder;

  constructor(params: UseLiteEmbeddingsParams = {}) {
    super(params);
    this.encoder = createUseLiteEncoder(params.batchSize ?? 32);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.caller.call(() => this.encoder.embed(texts));
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    if (!vector) throw new Error('The sentence encoder returned no vector');
    return vector;
  }
}
