import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { INDEX_LAYOUT, readCurrentBuildId } from '../../src/index/layout.js';
import { loadIndex } from '../../src/index/read.js';
import {
  HashEmbeddings,
  REPO_ROOT,
  SPLIT,
  TINY_CORPUS,
  copyCorpus,
  createRecordingLogger,
  makeTempDir,
} from './helpers.js';

const ENTRY = path.join(REPO_ROOT, 'test/ingest/slow-ingest-entry.ts');

let tmp: { dir: string; cleanup: () => void };
let corpusDir: string;
let indexDir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  tmp = makeTempDir('guidebot-swap-');
  corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'corpus'));
  indexDir = path.join(tmp.dir, 'index');
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  tmp.cleanup();
});

/** Starts the slow ingestion in its own process and resolves once it has embedded `n` chunks. */
function startSlowIngest(n: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY, corpusDir, indexDir, '150'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      const event = JSON.parse(line) as { progress?: { phase: string; done: number } };
      if (event.progress?.phase === 'embed' && event.progress.done >= n) resolve(proc);
    });
    proc.on('exit', (code) =>
      reject(new Error(`slow ingestion exited (${code}) before embedding: ${stderr}`)),
    );
  });
}

function waitForExit(proc: ChildProcess): Promise<NodeJS.Signals | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.signalCode);
  return new Promise((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
}

describe('the atomic swap', () => {
  it('keeps the previous index loadable and answering when an ingestion is killed mid-build', async () => {
    const embeddings = new HashEmbeddings();
    const first = await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });

    // Change every chunk so the second run must embed them all, slowly.
    for (const file of ['beekeeping.md', 'sourdough.md']) {
      const full = path.join(corpusDir, file);
      writeFileSync(full, readFileSync(full, 'utf8').replace(/\.\n/g, '. Revised.\n'));
    }
    const proc = await startSlowIngest(2);

    // While it runs, a second ingestion is refused, naming the running one.
    await expect(ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT })).rejects.toMatchObject({
      code: 'INGEST_LOCKED',
      message: expect.stringContaining(`pid ${proc.pid}`),
    });

    proc.kill('SIGKILL');
    expect(await waitForExit(proc)).toBe('SIGKILL');

    // The old build still serves, complete, and answers.
    expect(readCurrentBuildId(indexDir)).toBe(first.buildId);
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.buildId).toBe(first.buildId);
    expect(loaded.documents).toHaveLength(10);
    expect(loaded.documents.some((doc) => doc.pageContent.includes('Revised'))).toBe(false);
    const [top] = await loaded.vectorStore.similaritySearch('how much honey does a hive produce', 1);
    expect(top?.metadata.heading).toBe('How much honey does a hive produce?');

    // The next run takes over the dead process's lock, cleans up and swaps in the new build.
    const { logger, warnings } = createRecordingLogger();
    const next = await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT, logger });
    expect(warnings.some((w) => w.includes(String(proc.pid)))).toBe(true);
    expect(readCurrentBuildId(indexDir)).toBe(next.buildId);
    expect(
      readdirSync(path.join(indexDir, INDEX_LAYOUT.builds)).filter((name) => name.startsWith('.')),
    ).toEqual([]);
    const reloaded = await loadIndex(indexDir, embeddings);
    expect(reloaded.documents.every((doc) => doc.pageContent.includes('Revised'))).toBe(true);
    expect(existsSync(path.join(indexDir, INDEX_LAYOUT.lock))).toBe(false);
  });

  it('swaps the new build in when a child ingestion completes', async () => {
    const embeddings = new HashEmbeddings();
    const first = await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
    writeFileSync(
      path.join(corpusDir, 'bees-extra.md'),
      '# Swarms\n\n## Why do bees swarm?\n\nA crowded colony splits in spring.\n',
    );
    const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY, corpusDir, indexDir, '1'], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    child = proc;
    await waitForExit(proc);
    expect(proc.exitCode).toBe(0);
    const loaded = await loadIndex(indexDir, embeddings);
    expect(loaded.manifest.buildId).not.toBe(first.buildId);
    expect(loaded.documents).toHaveLength(11);
  });
});
