/**
 * The PostgreSQL store against a real server (started once per run by
 * test/support/postgres-global-setup.ts, or TEST_DATABASE_URL). Each test gets a database of its own.
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { isStoreError, StoreError } from '../../src/store/errors.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/open.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import type { Store } from '../../src/store/types.js';
import {
  adminQuery,
  createTestDatabase,
  postgresAdminUrl,
  withPort,
  type TestDatabase,
} from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { describeStoreContract, type FreshStoreOptions } from './store-contract.js';

/** Short waits: a refused or cut connection must fail fast in tests. */
const FAST = { connectTimeoutMs: 2000, poolSize: 3 };

describeStoreContract('PostgreSQL', async (options?: FreshStoreOptions) => {
  const database = await createTestDatabase();
  const opened: Store[] = [];
  const open = async (more?: FreshStoreOptions): Promise<Store> => {
    const store = await openPostgresStore({ url: database.url, ...FAST, ...options, ...more });
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    openAnother: open,
    async dispose() {
      for (const store of opened) await store.close();
      await database.drop();
    },
  };
});

/** The error a promise rejects with. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('PostgreSQL store', () => {
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const database of databases.splice(0)) await database.drop();
  });
  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }
  async function open(options: PostgresStoreOptions): Promise<Store> {
    const store = await openPostgresStore({ ...FAST, ...options });
    stores.push(store);
    return store;
  }
  async function schemaVersions(database: TestDatabase): Promise<number[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_version ORDER BY version',
      );
      return rows.map((row) => row.version);
    } finally {
      await client.end();
    }
  }

  it('has a PostgreSQL version of every SQLite migration', () => {
    expect(PG_MIGRATIONS).toHaveLength(MIGRATIONS.length);
  });

  it('records each migration once in schema_version, even when three processes start at once', async () => {
    const database = await freshDatabase();
    const opened = await Promise.all([1, 2, 3].map(() => open({ url: database.url })));
    expect(await schemaVersions(database)).toEqual(PG_MIGRATIONS.map((_, index) => index + 1));
    // Every one of them works on the same tables.
    const ids = await Promise.all(
      opened.map((store, n) => store.logQuestion({ question: `q${n}`, outcome: 'answered', userId: 'u' })),
    );
    expect(new Set(ids).size).toBe(3);
    // Opening again migrates nothing.
    await open({ url: database.url });
    expect(await schemaVersions(database)).toHaveLength(PG_MIGRATIONS.length);
  });

  it('refuses a database whose schema is newer than the code with SCHEMA_TOO_NEW', async () => {
    const database = await freshDatabase();
    await (await openPostgresStore({ url: database.url, ...FAST })).close();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    await client.end();
    const error = await rejectionOf(openPostgresStore({ url: database.url, ...FAST }));
    expect(isStoreError(error, 'SCHEMA_TOO_NEW')).toBe(true);
    expect((error as Error).message).toMatch(/schema version \d+, newer than this guidebot.*DATABASE_URL/);
  });

  it('says DATABASE_UNREACHABLE for a closed port, naming DATABASE_URL but never the password', async () => {
    const closedPort = await TcpProxy.start('127.0.0.1', 1);
    await closedPort.cut(); // a port that was just free and now refuses
    const url = withPort(postgresAdminUrl(), closedPort.port);
    const password = decodeURIComponent(new URL(url).password);
    const started = Date.now();
    const error = await rejectionOf(openPostgresStore({ url, ...FAST }));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('DATABASE_UNREACHABLE');
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain(`postgres:***@127.0.0.1:${closedPort.port}`);
    expect(message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says DATABASE_REJECTED for a wrong password, without either password', async () => {
    const url = new URL(postgresAdminUrl());
    const realPassword = url.password;
    url.password = 'not-the-password-7c1f';
    const error = await rejectionOf(openPostgresStore({ url: url.toString(), ...FAST }));
    expect(isStoreError(error, 'DATABASE_REJECTED')).toBe(true);
    expect((error as Error).message).toMatch(
      /DATABASE_URL .*refused guidebot: password authentication failed/,
    );
    expect((error as Error).message).not.toContain('not-the-password-7c1f');
    expect((error as Error).message).not.toContain(realPassword);
  });

  it('says DATABASE_URL_INVALID for a URL it cannot parse, without echoing it', async () => {
    const error = await rejectionOf(openPostgresStore({ url: 'postgres://admin:s3cr3t@db:port/guidebot' }));
    expect(isStoreError(error, 'DATABASE_URL_INVALID')).toBe(true);
    expect((error as Error).message).toContain('DATABASE_URL (postgres://***)');
    expect((error as Error).message).not.toContain('s3cr3t');
  });

  it('serves many questions at once through a small pool, each with its own id', async () => {
    const database = await freshDatabase();
    const store = await open({ url: database.url, poolSize: 2 });
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        store.logQuestion({ question: `question ${n}`, outcome: 'answered', userId: `u${n}` }),
      ),
    );
    expect(new Set(ids).size).toBe(40);
    expect((await store.getAnswer(ids[39] as number))?.userId).toBe('u39');
  });

  describe('when the database goes away mid-run', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    beforeAll(async () => {
      database = await createTestDatabase();
      const admin = new URL(postgresAdminUrl());
      proxy = await TcpProxy.start(admin.hostname, Number(admin.port));
    });
    afterAll(async () => {
      await proxy?.cut();
      await database?.drop();
    });

    function captureWarnings() {
      const lines: { msg: string; err?: { code?: string; message?: string } }[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      return { logger: pino({ level: 'warn' }, sink), lines };
    }

    it('rejects with DATABASE_UNREACHABLE while the server cannot be reached, and recovers when it is back', async () => {
      const store = await open({ url: withPort(database.url, proxy.port) });
      const pin = await store.addPin({
        question: 'q',
        answer: 'a',
        channelId: 'c',
        messageId: 'm',
        pinnedBy: 'mod',
      });

      await proxy.cut();
      const error = await rejectionOf(store.activePins());
      expect(isStoreError(error, 'DATABASE_UNREACHABLE')).toBe(true);
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain(new URL(database.url).password);
      // Every kind of call fails the same typed way, a transaction included.
      expect(await rejectionOf(store.recordFeedback(1, 'u', 1))).toBeInstanceOf(StoreError);
      expect(await rejectionOf(store.pruneQuestionLog({ maxAgeDays: 1, maxRows: 0 }))).toBeInstanceOf(
        StoreError,
      );

      await proxy.resume();
      expect((await store.activePins()).map((p) => p.id)).toEqual([pin.id]);
      expect(
        await store.recordFeedback(
          await store.logQuestion({ question: 'q', outcome: 'answered', userId: 'u' }),
          'u',
          1,
        ),
      ).toBe('recorded');
    });

    it('survives its connections being terminated by the server: the next call opens new ones', async () => {
      const { logger, lines } = captureWarnings();
      const store = await open({ url: database.url, logger });
      // Fill the pool with idle connections.
      await Promise.all([1, 2, 3].map(() => store.activePins()));
      // In the select list, not the WHERE clause: there the server may call it before filtering rows.
      const terminated = await adminQuery<{ done: boolean }>(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'guidebot'`,
        [database.name],
      );
      expect(terminated.filter((row) => row.done)).toHaveLength(3);
      // Let the idle connections hear about it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(lines.some((line) => /connection broke while idle/.test(line.msg))).toBe(true);
      expect(lines.every((line) => !JSON.stringify(line).includes(new URL(database.url).password))).toBe(
        true,
      );
      const id = await store.logQuestion({ question: 'after', outcome: 'answered', userId: 'u' });
      expect((await store.getAnswer(id))?.question).toBe('after');
    });
  });

  describe('createStore', () => {
    it('picks PostgreSQL for a postgres:// or postgresql:// DATABASE_URL', async () => {
      const database = await freshDatabase();
      for (const url of [database.url, database.url.replace(/^postgres:/, 'postgresql:')]) {
        const store = await createStore({
          databaseUrl: url,
          databasePath: '/nonexistent/guidebot.sqlite',
          ...FAST,
        });
        stores.push(store);
        await store.logQuestion({ question: 'where am I?', outcome: 'answered', userId: 'u' });
      }
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM question_log');
      await client.end();
      expect(rows[0]?.n).toBe(2);
    });
  });
});
