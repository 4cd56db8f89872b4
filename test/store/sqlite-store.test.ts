import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../../src/store/errors.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';
import { describeStoreContract, type FreshStoreOptions } from './store-contract.js';

/** A database file in a new temporary folder, below folders that do not exist yet. */
function tempDatabasePath(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'guidebot-store-'));
  return {
    path: join(dir, 'nested', 'data', 'guidebot.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describeStoreContract('SQLite', async (options?: FreshStoreOptions) => {
  const { path, remove } = tempDatabasePath();
  const opened: Store[] = [];
  const open = async (more?: FreshStoreOptions): Promise<Store> => {
    const store = openSqliteStore(path, { ...options, ...more });
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    openAnother: open,
    async dispose() {
      for (const store of opened) await store.close();
      remove();
    },
  };
});

describe('SQLite store', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  function tempPath(): string {
    const { path, remove } = tempDatabasePath();
    cleanups.push(remove);
    return path;
  }

  it('creates the data folder and the file on first start and records the schema version', async () => {
    const path = tempPath();
    await openSqliteStore(path).close();
    expect(existsSync(path)).toBe(true);
    const db = new BetterSqlite3(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database whose schema is newer than the code', async () => {
    const path = tempPath();
    await openSqliteStore(path).close();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this guidebot.*DATABASE_PATH/);
    try {
      openSqliteStore(path);
    } catch (error) {
      expect(isStoreError(error, 'SCHEMA_TOO_NEW')).toBe(true);
    }
  });

  it('says DATABASE_UNREACHABLE, naming DATABASE_PATH, when the file cannot be created', () => {
    const blocker = tempPath();
    mkdirSync(dirname(blocker), { recursive: true });
    writeFileSync(blocker, 'a file where a folder should be');
    const path = join(blocker, 'guidebot.sqlite');
    let error: unknown;
    try {
      openSqliteStore(path);
    } catch (caught) {
      error = caught;
    }
    expect(isStoreError(error, 'DATABASE_UNREACHABLE')).toBe(true);
    expect((error as Error).message).toContain(`DATABASE_PATH (${path})`);
  });

  it('rejects with a StoreError once closed', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    const error = await store.activePins().catch((caught: unknown) => caught);
    expect(isStoreError(error, 'QUERY_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/DATABASE_PATH \(:memory:\)/);
  });

  it('upgrades a database made by the first schema in place, keeping its pins', async () => {
    const path = tempPath();
    mkdirSync(dirname(path), { recursive: true });
    // The file as the first guidebot left it: schema 1, with a pin in it.
    const db = new BetterSqlite3(path);
    db.exec(MIGRATIONS[0] as string);
    db.pragma('user_version = 1');
    db.prepare(
      `INSERT INTO pins (question, normalized_question, answer, channel_id, message_id, pinned_by, pinned_at)
       VALUES ('q', 'q', 'a', 'c', 'm', 'mod', '2024-01-01T00:00:00.000Z')`,
    ).run();
    db.close();

    const store = openSqliteStore(path);
    expect((await store.activePins()).map((pin) => pin.answer)).toEqual(['a']);
    const section = { source: 'guide.md', anchor: 'a', heading: 'A' };
    expect((await store.addTaughtQuestion({ question: 'q', section, taughtBy: 'u' })).section).toEqual(
      section,
    );
    await store.close();
    const check = new BetterSqlite3(path);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('upgrades a database of schema 3 in place: its taught questions keep their section, with no sentence', async () => {
    const path = tempPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new BetterSqlite3(path);
    for (const sql of MIGRATIONS.slice(0, 3)) db.exec(sql);
    db.pragma('user_version = 3');
    db.prepare(
      `INSERT INTO taught_questions (question, normalized_question, section_source, section_anchor,
         section_heading, taught_by, taught_at)
       VALUES ('q', 'q', 'guide.md', 'a', 'A', 'mod', '2024-01-01T00:00:00.000Z')`,
    ).run();
    db.close();

    const store = openSqliteStore(path);
    const [old] = await store.activeTaughtQuestions();
    expect(old).toMatchObject({ question: 'q', section: { anchor: 'a' }, answer: undefined });
    const section = { source: 'guide.md', anchor: 'a', heading: 'A' };
    const added = await store.addTaughtQuestion({
      question: 'r',
      section,
      answer: 'A sentence.',
      taughtBy: 'u',
    });
    expect(added.answer).toBe('A sentence.');
    await store.close();
  });

  it('gives a throwaway database for :memory:', async () => {
    const store = openSqliteStore(':memory:');
    await store.logQuestion({ question: 'q', outcome: 'answered', userId: 'u' });
    await store.close();
    expect(existsSync(':memory:')).toBe(false);
  });
});
