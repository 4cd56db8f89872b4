import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCorpus, type IngestSummary } from '../../src/ingest/ingest.js';
import { readManifest } from '../../src/index/manifest.js';
import { loadIndex } from '../../src/index/read.js';
import { splitMarkdown } from '../../src/ingest/split.js';
import { UseLiteEmbeddings, USE_LITE_INFO } from '../../src/providers/embeddings/use-lite.js';
import { readFileSync } from 'node:fs';
import { GUIDE_CORPUS, SPLIT, makeTempDir } from './helpers.js';

/** End to end with the real parts: the guide, the splitter, USE-lite and hnswlib. */
describe('ingesting the real guide with USE-lite', () => {
  const embeddings = new UseLiteEmbeddings();
  let tmp: { dir: string; cleanup: () => void };
  let indexDir: string;
  let cold: IngestSummary;

  beforeAll(async () => {
    tmp = makeTempDir('guidebot-uselite-');
    indexDir = path.join(tmp.dir, 'index');
    cold = await ingestCorpus({ corpusDir: GUIDE_CORPUS, indexDir, embeddings, ...SPLIT });
  });
  afterAll(() => tmp?.cleanup());

  it('embeds every chunk of the guide and records USE-lite in the manifest', async () => {
    const expected = await splitMarkdown(
      readFileSync(path.join(GUIDE_CORPUS, 'medical-administrative-assistant-guide.md'), 'utf8'),
      'medical-administrative-assistant-guide.md',
      SPLIT,
    );
    expect(cold).toMatchObject({ files: 1, chunks: expected.length, embedded: expected.length, reused: 0 });
    expect(readManifest(indexDir)?.embedder).toEqual(USE_LITE_INFO);
    const { documents } = await loadIndex(indexDir, embeddings);
    expect(documents.map((doc) => doc.metadata.chunkId)).toEqual(
      expected.map((chunk) => chunk.metadata.chunkId),
    );
    expect(documents.map((doc) => doc.pageContent)).toEqual(expected.map((chunk) => chunk.text));
  });

  it('finds the right section from the loaded index (scores are cosine distances, lower is closer)', async () => {
    const { vectorStore } = await loadIndex(indexDir, embeddings);
    const salary = await vectorStore.similaritySearchWithScore('How much is the salary?', 2);
    expect(salary[0]?.[0].metadata.anchor).toBe(
      'how-much-is-the-salary-of-medical-administrative-assistants',
    );
    expect(salary[0]![1]).toBeLessThanOrEqual(salary[1]![1]);
    const [organizations] = await vectorStore.similaritySearch(
      'What professional organizations can I join?',
      1,
    );
    expect(organizations?.metadata.anchor).toBe(
      'are-there-professional-organizations-for-medical-administrative-assistants',
    );
  });

  it('re-ingests with nothing changed by reusing every vector', async () => {
    const again = await ingestCorpus({ corpusDir: GUIDE_CORPUS, indexDir, embeddings, ...SPLIT });
    expect(again).toMatchObject({ embedded: 0, reused: cold.chunks, chunks: cold.chunks });
    expect(again.buildId).not.toBe(cold.buildId);
  });
});
