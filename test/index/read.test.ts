import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/words/text.js';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from '../../src/index/layout.js';
import { readManifest } from '../../src/index/manifest.js';
import { loadIndex } from '../../src/index/read.js';
import { readVectorCache } from '../../src/index/vectors.js';
import { HashEmbeddings, SPLIT, TINY_CORPUS, copyCorpus, makeTempDir } from '../ingest/helpers.js';

let tmp: { dir: string; cleanup: () => void };
let corpusDir: string;
let indexDir: string;
const embeddings = new HashEmbeddings();

beforeEach(() => {
  tmp = makeTempDir('guidebot-store-');
  corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'corpus'));
  indexDir = path.join(tmp.dir, 'index');
});
afterEach(() => tmp.cleanup());

const ingest = () => ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
const currentBuildFile = (name: string) =>
  path.join(buildDirOf(indexDir, readCurrentBuildId(indexDir)!), name);

describe('loadIndex', () => {
  it('throws INDEX_MISSING telling to run `npm run ingest` when nothing was ingested', async () => {
    await expect(loadIndex(indexDir, embeddings)).rejects.toMatchObject({
      code: 'INDEX_MISSING',
      message: expect.stringContaining('npm run ingest'),
    });
    expect(readManifest(indexDir)).toBeUndefined();
  });

  it('loads the current build: manifest, vector store and documents in label order', async () => {
    const summary = await ingest();
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.buildId).toBe(summary.buildId);
    expect(loaded.buildDir).toBe(buildDirOf(indexDir, summary.buildId));
    expect(loaded.documents).toHaveLength(10);
    expect(loaded.documents.map((doc) => doc.id)).toEqual(
      loaded.documents.map((doc) => doc.metadata.chunkId),
    );

    // documents[i] is HNSW label i and row i of vectors.bin: searching with a chunk's stored vector finds it.
    const cache = await readVectorCache(loaded.buildDir, embeddings.info);
    for (const doc of loaded.documents) {
      const [hit] = await loaded.vectorStore.similaritySearchVectorWithScore(
        cache.get(doc.metadata.contentHash)!,
        1,
      );
      const [found, distance] = hit!;
      expect(found.metadata.chunkId).toBe(doc.metadata.chunkId);
      expect(distance).toBeCloseTo(0, 5);
    }
  });

  const corruptions: { name: string; corrupt: () => void; mention: RegExp }[] = [
    {
      name: 'CURRENT names a build that does not exist',
      corrupt: () => writeFileSync(path.join(indexDir, 'CURRENT'), 'no-such-build\n'),
      mention: /no-such-build/,
    },
    {
      name: 'the manifest is missing',
      corrupt: () => unlinkSync(currentBuildFile(INDEX_LAYOUT.manifest)),
      mention: /manifest/,
    },
    {
      name: 'the manifest is not JSON',
      corrupt: () => writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), '{ nope'),
      mention: /manifest/,
    },
    {
      name: 'the manifest lacks a field',
      corrupt: () => {
        const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
        delete manifest.embedder;
        writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));
      },
      mention: /embedder/,
    },
    {
      name: 'the schema version differs',
      corrupt: () => {
        const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
        manifest.schemaVersion = 999;
        writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));
      },
      mention: /schema version 999/,
    },
    {
      name: 'hnswlib.index is missing',
      corrupt: () => unlinkSync(currentBuildFile(INDEX_LAYOUT.hnswIndex)),
      mention: /vector index/,
    },
    {
      name: 'docstore.json is not JSON',
      corrupt: () => writeFileSync(currentBuildFile(INDEX_LAYOUT.docstore), '[[0,'),
      mention: /vector index/,
    },
    {
      name: 'the docstore lacks a chunk',
      corrupt: () => writeFileSync(currentBuildFile(INDEX_LAYOUT.docstore), '[]'),
      mention: /label 0/,
    },
    {
      name: 'the manifest lists sentence vectors but sentences.bin is missing',
      corrupt: () => unlinkSync(currentBuildFile(INDEX_LAYOUT.sentenceVectors)),
      mention: /sentences\.bin/,
    },
    {
      name: 'sentences.bin is truncated',
      corrupt: () => writeFileSync(currentBuildFile(INDEX_LAYOUT.sentenceVectors), Buffer.alloc(12)),
      mention: /sentences\.bin/,
    },
    {
      name: 'sentences.json was made by another embedder',
      corrupt: () => {
        const file = currentBuildFile(INDEX_LAYOUT.sentenceIndex);
        const index = JSON.parse(readFileSync(file, 'utf8'));
        index.embedder.model = 'other-model';
        writeFileSync(file, JSON.stringify(index));
      },
      mention: /sentences\.json.*other-model/,
    },
    {
      name: 'the sentence count disagrees with the manifest',
      corrupt: () => {
        const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
        manifest.sentences.count += 1;
        writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));
      },
      mention: /sentence vectors/,
    },
    {
      name: 'the chunk count disagrees with the manifest',
      corrupt: () => {
        const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
        manifest.chunkCount = 11;
        writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));
      },
      mention: /11 chunks/,
    },
  ];
  for (const { name, corrupt, mention } of corruptions) {
    it(`throws INDEX_CORRUPT telling to re-run ingestion when ${name}`, async () => {
      await ingest();
      corrupt();
      const error = await loadIndex(indexDir, embeddings).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(mention) });
      expect((error as Error).message).toContain('npm run ingest');
    });
  }

  it('returns the vector of every answer sentence, keyed by its text, as the build recorded it', async () => {
    await ingest();
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.sentences?.count).toBe(loaded.sentenceVectors.size);
    const stored = loaded.sentenceVectors.get('A full suit is optional.');
    expect(stored).toBeDefined();
    const [fresh] = await embeddings.embedDocuments(['A full suit is optional.']);
    stored!.forEach((x, i) => expect(x).toBeCloseTo(fresh![i]!, 6));
    // Every sentence of every chunk is there.
    for (const doc of loaded.documents) {
      for (const sentence of splitSentences(doc.pageContent))
        expect(loaded.sentenceVectors.has(sentence)).toBe(true);
    }
  });

  it('loads a build made before sentence vectors were stored, with none (the bot warms up instead)', async () => {
    await ingest();
    unlinkSync(currentBuildFile(INDEX_LAYOUT.sentenceVectors));
    unlinkSync(currentBuildFile(INDEX_LAYOUT.sentenceIndex));
    const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
    delete manifest.sentences;
    writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));

    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.sentenceVectors.size).toBe(0);
    expect(loaded.documents).toHaveLength(10);

    // The next ingestion reuses the old build's chunk vectors and embeds only the sentences.
    const again = new HashEmbeddings();
    const summary = await ingestCorpus({ corpusDir, indexDir, embeddings: again, ...SPLIT });
    expect(summary).toMatchObject({ embedded: 0, reused: 10 });
    expect(summary.sentences.embedded).toBe(summary.sentences.count);
    expect((await loadIndex(indexDir, again)).sentenceVectors.size).toBe(summary.sentences.count);
  });

  it('keeps the alternative questions with the build, so the build answers the same without the corpus', async () => {
    const questions = path.join(corpusDir, 'beekeeping.questions.json');
    writeFileSync(
      questions,
      JSON.stringify({ sections: { 'How much honey does a hive produce?': ['honey per hive?', 'yield?'] } }),
    );
    await ingest();
    unlinkSync(questions); // the build does not read the corpus folder again
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.alternativeQuestions).toEqual({ count: 2 });
    expect(loaded.alternativeQuestions).toEqual([
      {
        source: 'beekeeping.md',
        heading: 'How much honey does a hive produce?',
        question: 'honey per hive?',
      },
      { source: 'beekeeping.md', heading: 'How much honey does a hive produce?', question: 'yield?' },
    ]);
    expect(Object.keys(loaded.manifest.files)).toContain('beekeeping.questions.json');
    // Their sentence vectors are in the build too.
    expect(loaded.sentenceVectors.has('Honey per hive?')).toBe(true);
  });

  it('keeps the sentence a question is answered with ({ q, answer }) when its section holds it', async () => {
    const firstYear =
      'A first-year colony spends its energy building comb, so expect little or no harvest before the second summer.';
    writeFileSync(
      path.join(corpusDir, 'beekeeping.questions.json'),
      JSON.stringify({
        sections: {
          'How much honey does a hive produce?': [
            { q: 'honey in the first year?', answer: firstYear },
            { q: 'how many kilos a year?', answer: 'A strong hive makes 25 kg a year.' },
          ],
        },
      }),
    );
    await ingest();
    const loaded = await loadIndex(indexDir, embeddings);
    const heading = 'How much honey does a hive produce?';
    expect(loaded.alternativeQuestions).toEqual([
      { source: 'beekeeping.md', heading, question: 'honey in the first year?', answer: firstYear },
      // The guide does not say this: the question is kept, its answer sentence dropped.
      { source: 'beekeeping.md', heading, question: 'how many kilos a year?' },
    ]);
  });

  it('keeps the questions the guide does not answer with the build, marked as such', async () => {
    writeFileSync(
      path.join(corpusDir, 'beekeeping.questions.json'),
      JSON.stringify({
        sections: { 'How much honey does a hive produce?': ['yield?'] },
        notCovered: ['how much does a queen bee cost?'],
      }),
    );
    await ingest();
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.alternativeQuestions).toEqual({ count: 2 });
    expect(loaded.alternativeQuestions).toContainEqual({
      source: 'beekeeping.md',
      heading: '',
      question: 'how much does a queen bee cost?',
      notCovered: true,
    });
    expect(loaded.sentenceVectors.has('How much does a queen bee cost?')).toBe(true);
  });

  it('says a build made without alternative questions has none, and one made before builds kept them, unknown', async () => {
    await ingest();
    expect((await loadIndex(indexDir, embeddings)).alternativeQuestions).toEqual([]);
    const manifest = JSON.parse(readFileSync(currentBuildFile(INDEX_LAYOUT.manifest), 'utf8'));
    delete manifest.alternativeQuestions;
    writeFileSync(currentBuildFile(INDEX_LAYOUT.manifest), JSON.stringify(manifest));
    expect((await loadIndex(indexDir, embeddings)).alternativeQuestions).toBeUndefined();
  });

  it('throws INDEX_CORRUPT when the alternative questions kept with the build are damaged', async () => {
    writeFileSync(
      path.join(corpusDir, 'beekeeping.questions.json'),
      JSON.stringify({ sections: { 'How much honey does a hive produce?': ['honey per hive?'] } }),
    );
    await ingest();
    writeFileSync(currentBuildFile(INDEX_LAYOUT.alternativeQuestions), '{"version":1,"questions":[]}');
    await expect(loadIndex(indexDir, embeddings)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });

  it('throws INDEX_EMBEDDER_MISMATCH naming both embedders when the configured one differs', async () => {
    await ingest();
    const other = new HashEmbeddings({ model: 'other-model', dimensions: 32 });
    const error = await loadIndex(indexDir, other).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INDEX_EMBEDDER_MISMATCH' });
    expect((error as Error).message).toMatch(/bag-of-words.*other-model/s);
    expect((error as Error).message).toContain('npm run ingest');
  });
});
