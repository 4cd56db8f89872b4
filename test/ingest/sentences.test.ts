import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmSentenceVectors } from '../../src/core/answering/extractive.js';
import type { SentenceVectorCache } from '../../src/core/answering/sentence-vectors.js';
import { splitSentences } from '../../src/core/words/text.js';
import type { RetrievedPassage } from '../../src/core/types.js';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { listSentences } from '../../src/ingest/sentences.js';
import type { Chunk } from '../../src/ingest/split.js';
import { loadIndex, type LoadedIndex } from '../../src/index/read.js';
import { GUIDE_CORPUS, HashEmbeddings, SPLIT, TINY_CORPUS, makeTempDir } from './helpers.js';

const chunk = (text: string) => ({ text }) as Chunk;

describe('listSentences', () => {
  it('lists each distinct sentence once, in chunk order, split as the answerer splits', () => {
    const chunks = [
      chunk('Bees make honey. They also make wax.'),
      chunk('Bees make honey.\n\nHives need space.'),
    ];
    expect(listSentences(chunks)).toEqual(['Bees make honey.', 'They also make wax.', 'Hives need space.']);
    expect(listSentences(chunks)).toEqual([...new Set(chunks.flatMap((c) => splitSentences(c.text)))]);
  });

  it("adds a list item's short title with the sentence after it, word for word", () => {
    const units = listSentences([
      chunk(
        'Where they work:\n- Hospitals.  Most work at the front desk. Some work nights.\n- A long first sentence that is certainly not a title of anything. Then more.',
      ),
    ]);
    expect(units).toContain('Hospitals.  Most work at the front desk.');
    expect(units).toContain('Hospitals.');
    expect(units).not.toContain(
      'A long first sentence that is certainly not a title of anything. Then more.',
    );
  });
});

/**
 * The contract with the extractive answerer: every text it would embed for the guide (its warm-up asks
 * for all of them) has a vector in the loaded index, so seeding its cache from `sentenceVectors` leaves
 * nothing to warm up. Fails if the answerer's quoting units and `listSentences` drift apart.
 */
describe.each([
  ['the guide', GUIDE_CORPUS],
  ['the tiny corpus', TINY_CORPUS],
])('sentence vectors stored at ingestion for %s', (_name, corpusDir) => {
  const embeddings = new HashEmbeddings();
  let tmp: { dir: string; cleanup: () => void };
  let loaded: LoadedIndex;

  beforeAll(async () => {
    tmp = makeTempDir('guidebot-sentences-');
    const indexDir = path.join(tmp.dir, 'index');
    await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
    loaded = await loadIndex(indexDir, embeddings);
  });
  afterAll(() => tmp?.cleanup());

  it('cover every unit the extractive answerer embeds', async () => {
    const asked = new Set<string>();
    const recorder = {
      get: async (texts: string[]) => {
        texts.forEach((text) => asked.add(text));
        return texts.map(() => []);
      },
    } as unknown as SentenceVectorCache;
    const passages: RetrievedPassage[] = loaded.documents.map((doc) => ({
      heading: doc.metadata.heading,
      headingPath: doc.metadata.headingPath,
      anchor: doc.metadata.anchor,
      source: doc.metadata.source,
      chunkId: doc.metadata.chunkId,
      text: doc.pageContent,
      score: 1,
    }));
    await warmSentenceVectors(passages, embeddings, recorder);
    expect(asked.size).toBeGreaterThan(0);
    expect([...asked].filter((text) => !loaded.sentenceVectors.has(text))).toEqual([]);
  });

  it('hold the vectors the embedder gives those texts', async () => {
    const [text, stored] = [...loaded.sentenceVectors][3]!;
    const [fresh] = await embeddings.embedDocuments([text]);
    stored.forEach((x, i) => expect(x).toBeCloseTo(fresh![i]!, 6));
  });
});
