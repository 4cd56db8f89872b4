import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, TINY_CORPUS, makeTempDir } from './helpers.js';

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

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('guidebot-script-');
});
afterEach(() => tmp.cleanup());

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
});
