import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database of its own on the test server, for one test or one file. */
export interface TestDatabase {
  /** Its URL, with the test server's superuser and password. */
  url: string;
  name: string;
  /** Drops it, ending whatever connections are still open to it. */
  drop(): Promise<void>;
}

/** The test server's admin URL (test/support/postgres-global-setup.ts). */
export function postgresAdminUrl(): string {
  return inject('postgresAdminUrl');
}

/** Runs one statement as the test server's superuser, on its `postgres` database. */
export async function adminQuery<R extends pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `guidebot_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The URL with another port, e.g. a proxy's or a closed one. */
export function withPort(url: string, port: number): string {
  const changed = new URL(url);
  changed.port = String(port);
  return changed.toString();
}
