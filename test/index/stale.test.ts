import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { checkStale } from '../../src/index/stale.js';
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

  it('counts the alternative-questions file beside a guide as part of the corpus it was built from', async () => {
    const questions = path.join(corpusDir, 'beekeeping.questions.json');
    writeFileSync(questions, JSON.stringify({ sections: { Beekeeping: ['how much honey per hive?'] } }));
    await ingest();
    expect((await checkStale(indexDir, corpusDir)).stale).toBe(false);
    writeFileSync(questions, JSON.stringify({ sections: { Beekeeping: ['is honey sweet?'] } }));
    expect(await checkStale(indexDir, corpusDir)).toMatchObject({
      stale: true,
      modified: ['beekeeping.questions.json'],
    });
  });

  it('reports a missing corpus folder as missing (CORPUS_MISSING naming it and CORPUS_DIR), not as changed', async () => {
    await ingest();
    const missing = path.join(tmp.dir, 'moved-away');
    await expect(checkStale(indexDir, missing)).rejects.toMatchObject({
      code: 'CORPUS_MISSING',
      message: expect.stringMatching(new RegExp(`${missing}.*CORPUS_DIR`)),
    });
    writeFileSync(path.join(tmp.dir, 'a-file.md'), '# Not a folder\n');
    await expect(checkStale(indexDir, path.join(tmp.dir, 'a-file.md'))).rejects.toMatchObject({
      code: 'CORPUS_MISSING',
    });
  });
});
