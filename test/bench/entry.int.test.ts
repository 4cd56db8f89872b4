import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../ingest/helpers.js';

describe('bench entry points', () => {
  /** Runs an entry the way `npm run` does (tsx) and returns its exit code and stderr. */
  const run = (script: string, args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('npm run bench refuses the --query-runs its old header advertised: one line, exit 2', async () => {
    const { code, stderr } = await run('scripts/bench/main.ts', ['--query-runs', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bench: Unknown option '--query-runs'\. Accepted flags: --scale [^\n]*\n$/);
  });

  it('npm run bench:discord names a bad setting in one line, without a stack trace, and exits 2', async () => {
    const { code, stderr } = await run('scripts/bench/discord/main.ts', ['--burst-concurrency', '0']);
    expect(code).toBe(2);
    expect(stderr).toBe('bench:discord: --burst-concurrency must be a whole number >= 1 (got "0")\n');
  });
});
