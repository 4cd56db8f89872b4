import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { PipelineError } from '../core/errors.js';
import { INDEX_LAYOUT } from './layout.js';

/** What the lock file holds. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** A lock file younger than this with no readable content is taken as being written right now. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;
/** The takeover guard beside the lock (see `removeStaleLock`). */
const TAKEOVER_SUFFIX = '.takeover';

/**
 * Takes the ingestion lock of `indexDir` (`.ingest.lock`, created with O_EXCL so two processes can never
 * both create it). A lock whose process is gone (killed run) is taken over with a warning.
 * Returns a function that releases it; releasing twice is harmless.
 *
 * @throws PipelineError INGEST_LOCKED naming the holder's pid when another live ingestion holds it.
 */
export function acquireIngestLock(indexDir: string, logger?: Logger): () => void {
  mkdirSync(indexDir, { recursive: true });
  const lockPath = path.join(indexDir, INDEX_LAYOUT.lock);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(lockPath, me)) return createRelease(lockPath);
    const staleText = readText(lockPath);
    if (staleText === undefined) continue; // released between our create and our read
    const holder = parseHolder(staleText);
    if (holder === undefined) {
      if (lockAgeMs(lockPath) < UNREADABLE_LOCK_GRACE_MS) {
        throw new PipelineError(
          'INGEST_LOCKED',
          `Another ingestion is starting (lock ${lockPath} is being written). Try again in a moment.`,
        );
      }
    } else if (isAlive(holder)) {
      throw new PipelineError(
        'INGEST_LOCKED',
        `Another ingestion is running (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}). Wait for it to finish, or delete ${lockPath} if that process is gone.`,
      );
    }
    logger?.warn(
      { lockPath, holder },
      `Taking over a stale ingestion lock${holder ? ` left by pid ${holder.pid}, which is no longer running` : ''}`,
    );
    removeStaleLock(lockPath, staleText);
  }
  const holder = readHolder(lockPath);
  throw new PipelineError(
    'INGEST_LOCKED',
    `Another ingestion took the lock first${holder && holder !== 'gone' ? ` (pid ${holder.pid})` : ''}.`,
  );
}

function tryCreate(lockPath: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Deletes the stale lock, if it is still the one judged stale, while holding a takeover guard
 * (`.ingest.lock.takeover`, created with O_EXCL): only one process at a time checks and deletes, so none
 * can delete a fresh lock that another took meanwhile (moving the lock aside to check it, as before, left
 * a moment with no lock in which a third process could create one while the first already held its own).
 * A process that finds the guard taken leaves the takeover to its holder; the create that follows decides
 * who wins. A guard left by a process killed mid-takeover is cleared once it is older than the grace.
 */
function removeStaleLock(lockPath: string, staleText: string): void {
  const guard = `${lockPath}${TAKEOVER_SUFFIX}`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (lockAgeMs(guard) >= UNREADABLE_LOCK_GRACE_MS) unlinkQuietly(guard);
    return;
  }
  closeSync(fd);
  try {
    if (readText(lockPath) === staleText) unlinkQuietly(lockPath);
  } finally {
    unlinkQuietly(guard);
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0) {
      return {
        pid: value.pid,
        hostname: String(value.hostname ?? '?'),
        startedAt: String(value.startedAt ?? '?'),
      };
    }
  } catch {
    // unreadable content
  }
  return undefined;
}

function readHolder(lockPath: string): LockHolder | undefined | 'gone' {
  const text = readText(lockPath);
  return text === undefined ? 'gone' : parseHolder(text);
}

function lockAgeMs(lockPath: string): number {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** A holder on another host cannot be checked, so it counts as alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function createRelease(lockPath: string): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const holder = readHolder(lockPath);
    // Never delete a lock that another process has taken over meanwhile.
    if (holder && holder !== 'gone' && holder.pid !== process.pid) return;
    unlinkQuietly(lockPath);
  };
}
