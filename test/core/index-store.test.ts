import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import {
  INDEX_LAYOUT,
  buildDirOf,
  checkStale,
  loadIndex,
  readCurrentBuildId,
  readManifest,
  watchIndex,
} from '../../src/core/index-store.js';
import { readVectorCache } from '../../src/ingest/vector-cache.js';
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

  it('throws INDEX_EMBEDDER_MISMATCH naming both embedders when the configured one differs', async () => {
    await ingest();
    const other = new HashEmbeddings({ model: 'other-model', dimensions: 32 });
    const error = await loadIndex(indexDir, other).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INDEX_EMBEDDER_MISMATCH' });
    expect((error as Error).message).toMatch(/bag-of-words.*other-model/s);
    expect((error as Error).message).toContain('npm run ingest');
  });
});

describe('checkStale', () => {
  it('says stale with every file added when there is no index', async () => {
    expect(await checkStale(indexDir, corpusDir)).toMatchObject({
      stale: true,
      added: ['beekeeping.md', 'sourdough.md'],
    });
  });

  it('is not stale right after ingestion', async () => {
    await ingest();
    expect(await checkStale(indexDir, corpusDir)).toEqual({
      stale: false,
      changed: [],
      added: [],
      removed: [],
      modified: [],
    });
  });

  it('names added, removed and changed files', async () => {
    await ingest();
    writeFileSync(
      path.join(corpusDir, 'beekeeping.md'),
      `${readFileSync(path.join(corpusDir, 'beekeeping.md'), 'utf8')}\nMore.\n`,
    );
    rmSync(path.join(corpusDir, 'sourdough.md'));
    mkdirSync(path.join(corpusDir, 'more'));
    writeFileSync(path.join(corpusDir, 'more', 'wax.md'), '# Wax\n\nBeeswax candles.\n');
    expect(await checkStale(indexDir, corpusDir)).toEqual({
      stale: true,
      changed: ['beekeeping.md', 'more/wax.md', 'sourdough.md'],
      added: ['more/wax.md'],
      removed: ['sourdough.md'],
      modified: ['beekeeping.md'],
    });
  });
});

describe('watchIndex', () => {
  /** Resolves with the ids seen once `count` builds were announced. */
  function collect(dir: string, count: number, options = { debounceMs: 20, pollIntervalMs: 100 }) {
    const seen: string[] = [];
    let stop = () => {};
    const done = new Promise<string[]>((resolve) => {
      stop = watchIndex(
        dir,
        (buildId) => {
          seen.push(buildId);
          if (seen.length === count) resolve([...seen]);
        },
        options,
      );
    });
    return { done, seen, stop: () => stop() };
  }

  it('calls onChange once per swapped-in build, not for the build serving when it starts', async () => {
    await ingest();
    const watch = collect(indexDir, 2);
    try {
      const second = await ingest();
      // Wait for the first announcement before the next swap so each swap is observed on its own.
      await expect.poll(() => watch.seen.length, { timeout: 5000 }).toBe(1);
      const third = await ingest();
      expect(await watch.done).toEqual([second.buildId, third.buildId]);
    } finally {
      watch.stop();
    }
  });

  it('notices the first build in a folder that did not exist when watching started (polling fallback)', async () => {
    const watch = collect(indexDir, 1);
    try {
      const first = await ingest();
      expect(await watch.done).toEqual([first.buildId]);
    } finally {
      watch.stop();
    }
  });

  it('stops calling after the stop function is called', async () => {
    await ingest();
    const watch = collect(indexDir, 1);
    watch.stop();
    await ingest();
    // Longer than the debounce and two polling intervals: any pending notice would have fired.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(watch.seen).toEqual([]);
  });
});
