/** The sentence encoder, loaded on first use; texts in, unit vectors (512 numbers) out, in order. */
export interface UseLiteEncoder {
  embed(texts: string[]): Promise<number[][]>;
}

/** `batchSize`: texts per forward pass (default 32). */
export function createUseLiteEncoder(batchSize?: number): UseLiteEncoder;
