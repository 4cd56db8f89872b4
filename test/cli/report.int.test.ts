import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { REPO_ROOT } from '../ingest/helpers.js';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'guidebot-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run report` as a process, from an empty folder (no .env) with exactly `env`. */
async function report(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(REPO_ROOT, 'src/cli/report.ts'), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run report', () => {
  it('lists the questions the guide could not answer, most asked first', async () => {
    const databasePath = path.join(dir, 'guidebot.sqlite');
    const store = openSqliteStore(databasePath);
    for (const question of ['Do nurses need a license?', 'Do nurses need a license?', 'CMAA exam fee?'])
      await store.logQuestion({ question, outcome: 'out_of_scope', userId: 'u1' });
    await store.logQuestion({ question: 'What is the salary?', outcome: 'answered', userId: 'u1' });
    await store.close();

    const { code, stdout } = await report(['--limit', '5'], { DATABASE_PATH: databasePath });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('2 × Do nurses need a license?'))).toBeLessThan(
      lines.findIndex((l) => l.includes('1 × CMAA exam fee?')),
    );
    expect(stdout).not.toContain('What is the salary?');
  });

  it('names an unreachable DATABASE_URL in one line, without the password or a stack trace, and exits 1', async () => {
    const env = { DATABASE_URL: 'postgres://guide:hunter2@127.0.0.1:1/guidebot' };
    const { code, stderr } = await report([], env);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).not.toContain('hunter2');
    expect(stderr).not.toMatch(/\n\s+at /);
    const asJson = await report(['--json'], env);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ error: { code: 'DATABASE_UNREACHABLE' } });
  });

  it('refuses an unknown flag or a bad --limit with the usage line and exit 2', async () => {
    for (const args of [['--jsno'], ['--limit', 'x']]) {
      const { code, stderr } = await report(args, { DATABASE_PATH: path.join(dir, 'none.sqlite') });
      expect(code).toBe(2);
      expect(stderr).toContain('Usage: npm run report');
    }
  });
});
