import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { INDEX_LAYOUT, readCurrentBuildId } from '../../src/index/layout.js';
import { INDEX_SCHEMA_VERSION, readManifest } from '../../src/index/manifest.js';
import { loadIndex } from '../../src/index/read.js';
import { isPipelineError, type PipelineErrorCode } from '../../src/core/errors.js';
import {
  HashEmbeddings,
  SPLIT,
  TINY_CORPUS,
  copyCorpus,
  createRecordingLogger,
  makeTempDir,
} from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let corpusDir: string;
let indexDir: string;

beforeEach(() => {
  tmp = makeTempDir();
  corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'corpus'));
  indexDir = path.join(tmp.dir, 'index');
});
afterEach(() => tmp.cleanup());

const ingest = (embeddings = new HashEmbeddings(), extra: Partial<Parameters<typeof ingestCorpus>[0]> = {}) =>
  ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT, ...extra });

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('ingestCorpus', () => {
  it('writes a manifest with schema version, embedder, a sha256 per file, counts, build id and splitter settings', async () => {
    const embeddings = new HashEmbeddings();
    const summary = await ingest(embeddings);
    const manifest = readManifest(indexDir);
    expect(manifest).toBeDefined();
    expect(manifest).toMatchObject({
      schemaVersion: INDEX_SCHEMA_VERSION,
      embedder: embeddings.info,
      files: {
        'beekeeping.md': sha256(path.join(corpusDir, 'beekeeping.md')),
        'sourdough.md': sha256(path.join(corpusDir, 'sourdough.md')),
      },
      sectionCount: 10,
      chunkCount: 10,
      buildId: summary.buildId,
      splitter: SPLIT,
    });
    expect(Object.keys(manifest!.files)).toHaveLength(2);
    expect(Date.parse(manifest!.builtAt)).not.toBeNaN();
    expect(readCurrentBuildId(indexDir)).toBe(summary.buildId);
  });

  it('reports files, sections, chunks and that every chunk was embedded on a cold build', async () => {
    const embeddings = new HashEmbeddings();
    const summary = await ingest(embeddings);
    expect(summary).toMatchObject({
      files: 2,
      sections: 10,
      chunks: 10,
      embedded: 10,
      reused: 0,
      indexDir: path.resolve(indexDir),
    });
    expect(summary.requests).toBe(embeddings.calls);
    expect(summary.ms).toBeGreaterThan(0);
    // The table of contents is navigation, never indexed.
    const { documents } = await loadIndex(indexDir, embeddings);
    expect(documents.some((doc) => /table of contents/i.test(doc.metadata.heading))).toBe(false);
  });

  it('reads .md files in subfolders, names them with forward slashes, and ignores other files', async () => {
    mkdirSync(path.join(corpusDir, 'kitchen', 'bread'), { recursive: true });
    writeFileSync(
      path.join(corpusDir, 'kitchen', 'bread', 'rye.md'),
      '# Rye\n\n## Why is rye dough sticky?\n\nRye flour has pentosans that hold water.\n',
    );
    writeFileSync(path.join(corpusDir, 'notes.txt'), 'not markdown');
    const summary = await ingest();
    expect(summary.files).toBe(3);
    expect(Object.keys(readManifest(indexDir)!.files)).toEqual([
      'beekeeping.md',
      'kitchen/bread/rye.md',
      'sourdough.md',
    ]);
  });

  it('loads documents in a stable order: files sorted by path, then chunk order', async () => {
    const embeddings = new HashEmbeddings();
    await ingest(embeddings);
    const first = (await loadIndex(indexDir, embeddings)).documents.map((doc) => doc.metadata.chunkId);
    await ingest(embeddings);
    const second = (await loadIndex(indexDir, embeddings)).documents.map((doc) => doc.metadata.chunkId);
    expect(second).toEqual(first);
    expect(first[0]).toBe('beekeeping.md#a-beginners-guide-to-backyard-beekeeping:0');
    expect(first.at(-1)).toBe('sourdough.md#what-oven-temperature-should-i-bake-at:0');
  });

  it('reuses every stored embedding when nothing changed', async () => {
    await ingest(new HashEmbeddings());
    const again = new HashEmbeddings();
    const summary = await ingest(again);
    expect(summary).toMatchObject({ chunks: 10, embedded: 0, reused: 10, requests: 0 });
    expect(summary.sentences).toMatchObject({ embedded: 0, reused: summary.sentences.count });
    expect(again.calls).toBe(0);
  });

  it('embeds only the chunk whose paragraph was edited, reusing the rest', async () => {
    const embeddings = new HashEmbeddings();
    await ingest(embeddings);
    const file = path.join(corpusDir, 'beekeeping.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('30 to 60 pounds', '40 to 70 pounds'));

    const after = new HashEmbeddings();
    const summary = await ingest(after);
    expect(summary).toMatchObject({ chunks: 10, embedded: 1, reused: 9 });
    // The edited chunk, then the one answer sentence that changed in it.
    expect(summary.sentences).toMatchObject({ embedded: 1, reused: summary.sentences.count - 1 });
    expect(after.embeddedTexts).toHaveLength(2);
    expect(after.embeddedTexts[0]).toContain('40 to 70 pounds');
    expect(after.embeddedTexts[1]).toMatch(/^[^\n]*40 to 70 pounds[^\n]*$/);

    const { vectorStore } = await loadIndex(indexDir, after);
    const [top] = await vectorStore.similaritySearch('How much honey does a hive produce in pounds?', 1);
    expect(top?.pageContent).toContain('40 to 70 pounds');
  });

  it('rewrites the chunk metadata when only a file name changed, embedding nothing', async () => {
    await ingest();
    renameSync(path.join(corpusDir, 'sourdough.md'), path.join(corpusDir, 'sourdough-bread.md'));
    const summary = await ingest();
    expect(summary).toMatchObject({ embedded: 0, reused: 10 });
    const { documents, vectorStore } = await loadIndex(indexDir, new HashEmbeddings());
    expect(documents.at(-1)?.metadata.chunkId).toBe(
      'sourdough-bread.md#what-oven-temperature-should-i-bake-at:0',
    );
    const [top] = await vectorStore.similaritySearch('What oven temperature should I bake at?', 1);
    expect(top?.metadata.source).toBe('sourdough-bread.md');
  });

  it('rebuilds a damaged previous graph instead of copying it when nothing changed', async () => {
    const first = await ingest();
    writeFileSync(
      path.join(indexDir, INDEX_LAYOUT.builds, first.buildId, INDEX_LAYOUT.hnswIndex),
      'truncated',
    );
    const summary = await ingest();
    expect(summary).toMatchObject({ embedded: 0, reused: 10 });
    const { vectorStore } = await loadIndex(indexDir, new HashEmbeddings());
    const [top] = await vectorStore.similaritySearch('Can I keep bees in a city?', 1);
    expect(top?.metadata.heading).toBe('Can I keep bees in a city?');
  });

  it('does not reuse vectors made by another embedder', async () => {
    await ingest(new HashEmbeddings({ model: 'old-model' }));
    const summary = await ingest(new HashEmbeddings({ model: 'new-model' }));
    expect(summary).toMatchObject({ embedded: 10, reused: 0 });
  });

  it('asks a hosted embedder that does not know its vector length yet (dimensions 0) before building', async () => {
    const inner = new HashEmbeddings();
    const lazy = {
      info: { ...inner.info, dimensions: 0 },
      probes: 0,
      embedDocuments: (texts: string[]) => inner.embedDocuments(texts),
      embedQuery: (text: string) => inner.embedQuery(text),
      async init() {
        this.probes++;
        this.info = { ...inner.info };
        return this.info;
      },
    };
    const summary = await ingest(lazy as unknown as HashEmbeddings);
    expect(lazy.probes).toBe(1);
    expect(summary.embedded).toBe(10);
    expect(readManifest(indexDir)?.embedder).toEqual(inner.info);
    // Loading accepts an embedder that still says 0 dimensions when provider and model match.
    const stillLazy = { ...lazy, info: { ...inner.info, dimensions: 0 } };
    await expect(loadIndex(indexDir, stillLazy as unknown as HashEmbeddings)).resolves.toMatchObject({
      manifest: { chunkCount: 10 },
    });
  });

  it('keeps the current build and the two before it, deleting older ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await ingest()).buildId);
    const builds = readdirSync(path.join(indexDir, INDEX_LAYOUT.builds)).sort();
    expect(builds).toEqual(ids.slice(1).sort());
    expect(readCurrentBuildId(indexDir)).toBe(ids[3]);
  });

  it('removes unfinished builds left by killed runs, with a warning', async () => {
    await ingest();
    const leftover = path.join(indexDir, INDEX_LAYOUT.builds, `${INDEX_LAYOUT.tmpPrefix}killed`);
    mkdirSync(leftover);
    writeFileSync(path.join(leftover, 'hnswlib.index'), 'partial');
    const { logger, warnings } = createRecordingLogger();
    await ingest(new HashEmbeddings(), { logger });
    expect(existsSync(leftover)).toBe(false);
    expect(warnings.some((w) => /unfinished build/.test(w))).toBe(true);
  });

  it('leaves the previous index serving and releases the lock when the embedder fails', async () => {
    const first = await ingest();
    writeFileSync(path.join(corpusDir, 'beekeeping.md'), '# Bees\n\n## New\n\nA brand new paragraph.\n');
    await expect(
      ingest(new HashEmbeddings({ failWith: new Error('connection refused') })),
    ).rejects.toMatchObject({
      code: 'EMBEDDINGS_FAILED',
      message: expect.stringContaining('connection refused'),
    });
    expect(readCurrentBuildId(indexDir)).toBe(first.buildId);
    expect(existsSync(path.join(indexDir, INDEX_LAYOUT.lock))).toBe(false);
    expect(readdirSync(path.join(indexDir, INDEX_LAYOUT.builds))).toEqual([first.buildId]);
    await expect(loadIndex(indexDir, new HashEmbeddings())).resolves.toMatchObject({
      manifest: { buildId: first.buildId },
    });
  });

  it('stops on an aborted signal, leaving the previous index serving', async () => {
    const first = await ingest();
    writeFileSync(
      path.join(corpusDir, 'sourdough.md'),
      '# Bread\n\n## Flour\n\nUse bread flour with 12% protein.\n',
    );
    const controller = new AbortController();
    controller.abort(new Error('Interrupted'));
    await expect(ingest(new HashEmbeddings(), { signal: controller.signal })).rejects.toThrow('Interrupted');
    expect(readCurrentBuildId(indexDir)).toBe(first.buildId);
    expect(existsSync(path.join(indexDir, INDEX_LAYOUT.lock))).toBe(false);
  });

  it('reports progress through read, split, embed, sentences and write', async () => {
    const phases = new Set<string>();
    await ingest(new HashEmbeddings(), { onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['read', 'split', 'embed', 'sentences', 'write']);
  });
});

describe('ingestCorpus on a bad corpus', () => {
  const isRoot = process.getuid?.() === 0;

  const cases: {
    name: string;
    code: PipelineErrorCode;
    names: string;
    prepare: (dir: string) => string;
    skip?: boolean;
  }[] = [
    {
      name: 'a missing corpus folder',
      code: 'CORPUS_MISSING',
      names: 'no-such-folder',
      prepare: (dir) => path.join(dir, 'no-such-folder'),
    },
    {
      name: 'a corpus path that is a file',
      code: 'CORPUS_MISSING',
      names: 'guide.md',
      prepare: (dir) => {
        writeFileSync(path.join(dir, 'guide.md'), '# Guide\n\nText.\n');
        return path.join(dir, 'guide.md');
      },
    },
    {
      name: 'an empty corpus folder',
      code: 'CORPUS_EMPTY',
      names: 'empty',
      prepare: (dir) => {
        mkdirSync(path.join(dir, 'empty'));
        return path.join(dir, 'empty');
      },
    },
    {
      name: 'a folder with no .md files',
      code: 'CORPUS_EMPTY',
      names: 'text-only',
      prepare: (dir) => {
        mkdirSync(path.join(dir, 'text-only'));
        writeFileSync(path.join(dir, 'text-only', 'guide.txt'), 'plain text');
        return path.join(dir, 'text-only');
      },
    },
    {
      // Works as root too, where chmod 000 does not stop reads.
      name: 'an unreadable .md entry (a folder named broken.md)',
      code: 'CORPUS_UNREADABLE',
      names: 'broken.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c1'));
        mkdirSync(path.join(corpus, 'broken.md'));
        return corpus;
      },
    },
    {
      // Skipped as root: root reads a chmod 000 file anyway. The folder case above covers root.
      name: 'a .md file without read permission (chmod 000)',
      code: 'CORPUS_UNREADABLE',
      names: 'secret.md',
      skip: isRoot,
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c2'));
        writeFileSync(path.join(corpus, 'secret.md'), '# Secret\n\nText.\n');
        chmodSync(path.join(corpus, 'secret.md'), 0o000);
        return corpus;
      },
    },
    {
      name: 'a binary file with a Markdown name (a PNG renamed to .md)',
      code: 'CORPUS_BINARY',
      names: 'diagram.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c6'));
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
        writeFileSync(path.join(corpus, 'diagram.md'), png);
        return corpus;
      },
    },
    {
      name: 'a text file holding a NUL byte',
      code: 'CORPUS_BINARY',
      names: 'nul.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c7'));
        writeFileSync(path.join(corpus, 'nul.md'), '# Notes\n\nSome text.\u0000More text.\n');
        return corpus;
      },
    },
    {
      name: 'a Markdown file saved as UTF-16',
      code: 'CORPUS_BINARY',
      names: 'utf16.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c8'));
        writeFileSync(path.join(corpus, 'utf16.md'), Buffer.from('\ufeff# Notes\n\nSome text.\n', 'utf16le'));
        return corpus;
      },
    },
    {
      name: 'a Markdown file in Latin-1 (not UTF-8)',
      code: 'CORPUS_BINARY',
      names: 'latin1.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c9'));
        writeFileSync(path.join(corpus, 'latin1.md'), Buffer.from('# Café\n\nCrème brûlée.\n', 'latin1'));
        return corpus;
      },
    },
    {
      name: 'a file with only whitespace',
      code: 'CORPUS_FILE_EMPTY',
      names: 'blank.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c3'));
        writeFileSync(path.join(corpus, 'blank.md'), '  \n\n\t\n');
        return corpus;
      },
    },
    {
      name: 'a file with only headings',
      code: 'CORPUS_FILE_EMPTY',
      names: 'headings.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c4'));
        writeFileSync(path.join(corpus, 'headings.md'), '# Title\n\n## One\n\n### Two\n\n');
        return corpus;
      },
    },
    {
      name: 'a file with only a table of contents',
      code: 'CORPUS_FILE_EMPTY',
      names: 'toc.md',
      prepare: (dir) => {
        const corpus = copyCorpus(TINY_CORPUS, path.join(dir, 'c5'));
        writeFileSync(path.join(corpus, 'toc.md'), '## Table of Contents\n\n- One\n- Two\n');
        return corpus;
      },
    },
  ];

  for (const testCase of cases) {
    it.skipIf(testCase.skip)(
      `refuses ${testCase.name} with ${testCase.code}, naming it, and leaves the index untouched`,
      async () => {
        const embeddings = new HashEmbeddings();
        const first = await ingest(embeddings);
        const badCorpus = testCase.prepare(tmp.dir);
        const error = await ingestCorpus({ corpusDir: badCorpus, indexDir, embeddings, ...SPLIT }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isPipelineError(error, testCase.code)).toBe(true);
        expect((error as Error).message).toContain(testCase.names);
        expect(readCurrentBuildId(indexDir)).toBe(first.buildId);
        expect(readdirSync(path.join(indexDir, INDEX_LAYOUT.builds))).toEqual([first.buildId]);
        expect(existsSync(path.join(indexDir, INDEX_LAYOUT.lock))).toBe(false);
        const loaded = await loadIndex(indexDir, embeddings);
        expect(loaded.documents).toHaveLength(10);
      },
    );
  }
});
