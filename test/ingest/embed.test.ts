import { describe, expect, it } from 'vitest';
import { embedTexts, textsPerCall } from '../../src/ingest/embed.js';
import { HashEmbeddings, hashVector } from './helpers.js';

const items = (...texts: string[]) => texts.map((text) => ({ key: `k:${text}`, text }));

describe('embedTexts', () => {
  it('embeds identical texts once and takes cached keys from the cache', async () => {
    const embeddings = new HashEmbeddings();
    const cached = hashVector('cached', 64);
    const result = await embedTexts({
      items: items('a', 'b', 'a', 'cached'),
      cache: new Map([['k:cached', cached]]),
      embeddings,
      dimensions: 64,
      batchSize: 10,
    });
    expect(embeddings.embeddedTexts).toEqual(['a', 'b']);
    expect(result).toMatchObject({ embedded: 3, reused: 1, calls: 1 });
    expect(result.vectors[0]).toEqual(result.vectors[2]);
    expect(result.vectors[3]).toBe(cached);
  });

  it('reports progress before the first batch and after each one', async () => {
    const seen: [number, number][] = [];
    await embedTexts({
      items: items('a', 'b', 'c', 'd', 'e'),
      cache: new Map(),
      embeddings: new HashEmbeddings(),
      dimensions: 64,
      batchSize: 2,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen).toEqual([
      [0, 5],
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('splits a batch into about ten calls of at least 16 texts, so progress moves (51 chunks: not one call)', async () => {
    const embeddings = new HashEmbeddings();
    const seen: number[] = [];
    const result = await embedTexts({
      items: items(...Array.from({ length: 51 }, (_, i) => `chunk ${i}`)),
      cache: new Map(),
      embeddings,
      dimensions: 64,
      batchSize: 64,
      onProgress: (done) => seen.push(done),
    });
    expect(seen).toEqual([0, 16, 32, 48, 51]);
    expect(result.calls).toBe(4);
    expect(textsPerCall(5000, 64)).toBe(64);
    expect(textsPerCall(300, 64)).toBe(30);
    expect(textsPerCall(10, 64)).toBe(16);
    expect(textsPerCall(300, 8)).toBe(8);
  });

  it('stops between batches once the signal is aborted, with its reason', async () => {
    const controller = new AbortController();
    const embeddings = new HashEmbeddings();
    const run = embedTexts({
      items: items('a', 'b', 'c'),
      cache: new Map(),
      embeddings,
      dimensions: 64,
      batchSize: 1,
      onProgress: (done) => {
        if (done === 1) controller.abort(new Error('Interrupted'));
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow('Interrupted');
    expect(embeddings.embeddedTexts).toEqual(['a']);
  });

  it('refuses vectors of the wrong length with EMBEDDINGS_FAILED naming the text', async () => {
    await expect(
      embedTexts({
        items: items('honey'),
        cache: new Map(),
        embeddings: new HashEmbeddings({ dimensions: 32 }),
        dimensions: 64,
        batchSize: 8,
      }),
    ).rejects.toMatchObject({ code: 'EMBEDDINGS_FAILED', message: expect.stringContaining('"honey"') });
  });
});
