import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { INDEX_LAYOUT, readCurrentBuildId } from '../../src/index/layout.js';
import { acquireIngestLock } from '../../src/index/lock.js';
import {
  HashEmbeddings,
  REPO_ROOT,
  SPLIT,
  TINY_CORPUS,
  createRecordingLogger,
  makeTempDir,
} from '../ingest/helpers.js';

let tmp: { dir: string; cleanup: () => void };
let indexDir: string;
let lockPath: string;

beforeEach(() => {
  tmp = makeTempDir('guidebot-lock-');
  indexDir = path.join(tmp.dir, 'index');
  lockPath = path.join(indexDir, INDEX_LAYOUT.lock);
});
afterEach(() => tmp.cleanup());

function writeLock(pid: number, host = hostname()): void {
  mkdirSync(indexDir, { recursive: true });
  writeFileSync(lockPath, JSON.stringify({ pid, hostname: host, startedAt: new Date().toISOString() }));
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('acquireIngestLock', () => {
  it('writes the holder pid into the lock file and removes it on release', () => {
    const release = acquireIngestLock(indexDir);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
    });
    release();
    expect(existsSync(lockPath)).toBe(false);
    release(); // twice is harmless
  });

  it('refuses a second lock while the first is held, naming the holder pid', () => {
    const release = acquireIngestLock(indexDir);
    try {
      expect(() => acquireIngestLock(indexDir)).toThrowError(
        expect.objectContaining({
          code: 'INGEST_LOCKED',
          message: expect.stringContaining(`pid ${process.pid}`),
        }),
      );
    } finally {
      release();
    }
    // Once released, the lock can be taken again.
    acquireIngestLock(indexDir)();
  });

  it('refuses ingestion while another live process holds the lock', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeLock(holder.pid!);
      await expect(
        ingestCorpus({ corpusDir: TINY_CORPUS, indexDir, embeddings: new HashEmbeddings(), ...SPLIT }),
      ).rejects.toMatchObject({
        code: 'INGEST_LOCKED',
        message: expect.stringContaining(`pid ${holder.pid}`),
      });
      // The holder's lock is left alone and nothing was built.
      expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(holder.pid);
      expect(readCurrentBuildId(indexDir)).toBeUndefined();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock whose process is gone, with a warning naming the old pid', async () => {
    const pid = deadPid();
    writeLock(pid);
    const { logger, warnings } = createRecordingLogger();
    const summary = await ingestCorpus({
      corpusDir: TINY_CORPUS,
      indexDir,
      embeddings: new HashEmbeddings(),
      ...SPLIT,
      logger,
    });
    expect(summary.chunks).toBe(10);
    expect(warnings.some((w) => w.includes('stale') && w.includes(String(pid)))).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('waits on a lock file still being written, but takes it over once it is old', () => {
    mkdirSync(indexDir, { recursive: true });
    writeFileSync(lockPath, '');
    expect(() => acquireIngestLock(indexDir)).toThrowError(
      expect.objectContaining({ code: 'INGEST_LOCKED' }),
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    const release = acquireIngestLock(indexDir);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('lets exactly one of several processes racing for a stale lock take it over', async () => {
    writeLock(deadPid());
    const entry = path.join(REPO_ROOT, 'test/index/lock-race-entry.ts');
    const startAt = String(Date.now() + 2500);
    const racers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', entry, indexDir, startAt], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    try {
      const outcomes = await Promise.all(
        racers.map(
          (racer) =>
            new Promise<string>((resolve) => {
              let out = '';
              racer.stdout!.on('data', (data: Buffer) => {
                out += data.toString();
                if (out.includes('\n')) resolve(out.trim());
              });
              racer.on('exit', () => resolve(out.trim()));
            }),
        ),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'locked INGEST_LOCKED')).toHaveLength(3);
    } finally {
      for (const racer of racers) racer.kill('SIGKILL');
    }
  });
});
