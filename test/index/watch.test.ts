import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { watchIndex } from '../../src/index/watch.js';
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
