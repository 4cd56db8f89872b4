import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createStore } from '../../src/store/create-store.js';
import { isStoreError } from '../../src/store/errors.js';
import { isPostgresUrl, maskDatabaseUrl } from '../../src/store/postgres/url.js';

describe('store settings', () => {
  it('keeps 90 days and 100,000 questions by default, and takes 0 as "no limit"', () => {
    expect(loadConfig({})).toMatchObject({ QUESTION_LOG_MAX_AGE_DAYS: 90, QUESTION_LOG_MAX_ROWS: 100_000 });
    expect(loadConfig({ QUESTION_LOG_MAX_AGE_DAYS: '0', QUESTION_LOG_MAX_ROWS: '0' })).toMatchObject({
      QUESTION_LOG_MAX_AGE_DAYS: 0,
      QUESTION_LOG_MAX_ROWS: 0,
    });
  });

  it('refuses a negative or fractional retention limit, naming the setting', () => {
    expect(() => loadConfig({ QUESTION_LOG_MAX_AGE_DAYS: '-1' })).toThrowError(/QUESTION_LOG_MAX_AGE_DAYS/);
    expect(() => loadConfig({ QUESTION_LOG_MAX_ROWS: '2.5' })).toThrowError(ConfigError);
  });

  it('uses SQLite unless DATABASE_URL is set, with a pool of 5 connections by default', () => {
    expect(loadConfig({ DATABASE_URL: '' })).toMatchObject({
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 5,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://bot:pw@db:5432/guidebot', DATABASE_POOL_SIZE: '12' }),
    ).toMatchObject({ DATABASE_URL: 'postgresql://bot:pw@db:5432/guidebot', DATABASE_POOL_SIZE: 12 });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without quoting it', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://bot:hunter2@db/guidebot' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toEqual(['DATABASE_URL']);
    expect((error as Error).message).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect((error as Error).message).not.toContain('hunter2');
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrowError(/DATABASE_POOL_SIZE/);
  });
});

describe('maskDatabaseUrl', () => {
  it('hides the password and secret parameters, and keeps the rest for the reader', () => {
    expect(maskDatabaseUrl('postgres://bot:hunter2@db.internal:5432/guidebot')).toBe(
      'postgres://bot:***@db.internal:5432/guidebot',
    );
    expect(maskDatabaseUrl('postgresql://bot:p%40ss@db/guidebot?sslmode=require&password=x')).toBe(
      'postgresql://bot:***@db/guidebot?sslmode=require&password=***',
    );
    expect(maskDatabaseUrl('postgres://db/guidebot')).toBe('postgres://db/guidebot');
  });

  it('shows only the scheme of a URL it cannot parse', () => {
    expect(maskDatabaseUrl('postgres://bot:hunter2@db:notaport/guidebot')).toBe('postgres://***');
    expect(maskDatabaseUrl('hunter2')).toBe('***');
  });

  it('knows a PostgreSQL URL by its scheme', () => {
    expect(isPostgresUrl('postgres://db/x')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://db/x')).toBe(true);
    expect(isPostgresUrl('sqlite:data/x.sqlite')).toBe(false);
  });
});

describe('createStore', () => {
  it('opens the SQLite file at DATABASE_PATH when DATABASE_URL is not set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidebot-create-store-'));
    try {
      const path = join(dir, 'guidebot.sqlite');
      const store = await createStore({ databaseUrl: undefined, databasePath: path });
      await store.logQuestion({ question: 'q', outcome: 'answered', userId: 'u' });
      await store.close();
      expect(existsSync(path)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a DATABASE_URL of another kind with DATABASE_URL_INVALID, without the password', async () => {
    const error = await createStore({
      databaseUrl: 'mysql://bot:hunter2@db/x',
      databasePath: 'unused',
    }).catch((caught: unknown) => caught);
    expect(isStoreError(error, 'DATABASE_URL_INVALID')).toBe(true);
    expect((error as Error).message).toContain('DATABASE_URL (mysql://bot:***@db/x)');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
