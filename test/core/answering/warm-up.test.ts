import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { toGuideSettings } from '../../../src/app/wiring.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { openGuide } from '../../../src/core/guide.js';
import { ingestCorpus } from '../../../src/ingest/ingest.js';
import { createSilentLogger } from '../../../src/logger.js';
import { SPLIT, TINY_CORPUS, makeTempDir } from '../../ingest/helpers.js';

/** USE-lite that counts the texts it embeds. */
class CountingEmbeddings extends UseLiteEmbeddings {
  texts = 0;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.texts += texts.length;
    return super.embedDocuments(texts);
  }
}

describe('Guide.warmUp', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => {
    tmp = makeTempDir('guidebot-warm-');
  });
  afterAll(() => tmp?.cleanup());

  it('embeds the answer sentences ahead of time, so a first question embeds only itself', async () => {
    const embeddings = new CountingEmbeddings();
    const indexDir = path.join(tmp.dir, 'index');
    await ingestCorpus({ corpusDir: TINY_CORPUS, indexDir, embeddings, ...SPLIT });
    const guide = await openGuide({
      settings: toGuideSettings(loadConfig({ INDEX_DIR: indexDir })),
      embeddings,
      logger: createSilentLogger(),
    });

    const sentences = await guide.warmUp();
    expect(sentences).toBeGreaterThan(10);

    const before = embeddings.texts;
    const result = await guide.answer('How much honey can one hive give?');
    expect(result.outcome).toBe('answered');
    expect(embeddings.texts - before).toBe(1);
  });

  it('needs no warm-up: the sentence vectors stored with the index seed the cache, so the first answer embeds only the question', async () => {
    const embeddings = new CountingEmbeddings();
    const indexDir = path.join(tmp.dir, 'index-cold');
    await ingestCorpus({ corpusDir: TINY_CORPUS, indexDir, embeddings, ...SPLIT });
    const guide = await openGuide({
      settings: toGuideSettings(loadConfig({ INDEX_DIR: indexDir })),
      embeddings,
      logger: createSilentLogger(),
    });

    const before = embeddings.texts;
    const result = await guide.answer('How much honey can one hive give?');
    expect(result.outcome).toBe('answered');
    expect(embeddings.texts - before).toBe(1);
  });
});
