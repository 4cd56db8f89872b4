import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { INDEX_LAYOUT, readCurrentBuildId } from '../../src/index/layout.js';
import { GUIDE_CORPUS, HashEmbeddings, REPO_ROOT, SPLIT, TINY_CORPUS, makeTempDir } from './helpers.js';

/** `npm run ingest` as a user runs it: a real process, settings from the environment. */
function runIngestScript(env: Record<string, string>, args: string[] = []) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/ingest.ts'), ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn', EMBEDDINGS_PROVIDER: 'use-lite', ...env },
      timeout: 120_000,
    },
  );
}

/**
 * Starts the script on the guide with USE-lite (so embedding takes seconds) and resolves once it has
 * embedded its first batch of chunks: the debug log reports every progress step.
 */
function startIngestScript(indexDir: string): Promise<RunningScript> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/ingest.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CORPUS_DIR: GUIDE_CORPUS,
      INDEX_DIR: indexDir,
      LOG_LEVEL: 'debug',
      EMBEDDINGS_PROVIDER: 'use-lite',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  const said: string[] = [];
  const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stderr! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) {
        said.push(line); // what people read; the rest is the JSON log
        return;
      }
      const { progress } = JSON.parse(line) as { progress?: { phase: string; done: number; total: number } };
      if (progress?.phase === 'embed' && progress.done > 0 && progress.done < progress.total) {
        resolve({ proc, exit, said });
      }
    });
    void exit.then((code) =>
      reject(new Error(`the script exited (${code}) before embedding: ${said.join(' ')}`)),
    );
  });
}

interface RunningScript {
  proc: ChildProcess;
  exit: Promise<number | null>;
  /** stderr lines that are not log lines. */
  said: string[];
}

/** What an interrupted run must not leave behind. */
function leftovers(indexDir: string): string[] {
  const builds = path.join(indexDir, INDEX_LAYOUT.builds);
  return [
    ...(existsSync(path.join(indexDir, INDEX_LAYOUT.lock)) ? [INDEX_LAYOUT.lock] : []),
    ...(existsSync(builds) ? readdirSync(builds).filter((name) => name.startsWith('.')) : []),
  ];
}

let tmp: { dir: string; cleanup: () => void };
let child: ChildProcess | undefined;
beforeEach(() => {
  tmp = makeTempDir('guidebot-script-');
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  tmp.cleanup();
});

describe('scripts/ingest.ts', () => {
  it('builds the index and prints the summary as one JSON object with --json', () => {
    const indexDir = path.join(tmp.dir, 'index');
    const result = runIngestScript({ CORPUS_DIR: TINY_CORPUS, INDEX_DIR: indexDir }, ['--json']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(summary).toMatchObject({ files: 2, sections: 10, chunks: 10, embedded: 10, reused: 0 });
    expect(typeof summary.buildId).toBe('string');
    expect(existsSync(path.join(indexDir, 'CURRENT'))).toBe(true);
  });

  it('exits non-zero with a message naming the missing corpus folder, creating no index', () => {
    const indexDir = path.join(tmp.dir, 'index');
    const missing = path.join(tmp.dir, 'nowhere');
    const result = runIngestScript({ CORPUS_DIR: missing, INDEX_DIR: indexDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Ingestion failed: The corpus folder ${missing} does not exist`);
    expect(result.stdout).toBe('');
    expect(existsSync(indexDir)).toBe(false);
  });

  it('stops on SIGINT mid-embedding with exit 130, leaving no lock and no temporary build', async () => {
    const indexDir = path.join(tmp.dir, 'index');
    const { proc, exit, said } = await startIngestScript(indexDir);
    proc.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(said).toEqual([
      'Ingestion failed: Interrupted by SIGINT; nothing was written and the previous index still serves.',
    ]);
    expect(leftovers(indexDir)).toEqual([]);
    expect(readCurrentBuildId(indexDir)).toBeUndefined();
  });

  it('stops on SIGTERM mid-embedding with exit 143, the previous index still current', async () => {
    const indexDir = path.join(tmp.dir, 'index');
    const previous = await ingestCorpus({
      corpusDir: TINY_CORPUS,
      indexDir,
      embeddings: new HashEmbeddings(),
      ...SPLIT,
    });
    const { proc, exit } = await startIngestScript(indexDir);
    proc.kill('SIGTERM');
    expect(await exit).toBe(143);
    expect(leftovers(indexDir)).toEqual([]);
    expect(readCurrentBuildId(indexDir)).toBe(previous.buildId);
    expect(readdirSync(path.join(indexDir, INDEX_LAYOUT.builds))).toEqual([previous.buildId]);
  });
});
