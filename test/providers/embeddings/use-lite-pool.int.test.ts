import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { UseLitePoolEmbeddings } from '../../../src/providers/embeddings/use-lite-pool.js';
import { startLoopProbe, type LoopProbeReport } from './loop-probe.js';
import { distinctQuestions, maxDifference } from './vectors.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const questions = distinctQuestions(200);

/** Timing and whole processes: the worker pool as the bot and the command line meet it. */
describe('UseLitePoolEmbeddings under load and at exit', () => {
  it('answers 200 concurrent questions without holding up the event loop, where in-process holds it for seconds', async () => {
    const inProcess = new UseLiteEmbeddings();
    const fresh = new UseLitePoolEmbeddings({ workers: 2 });
    try {
      // Both load their model before anything is measured.
      await Promise.all([inProcess.embedQuery('warm up'), fresh.embedQuery('warm up')]);
      const before = fresh.stats();

      let probe = startLoopProbe();
      const pooled = await Promise.all(questions.map((q) => fresh.embedQuery(q)));
      const poolLoop = probe.stop();

      probe = startLoopProbe();
      const reference = await Promise.all(questions.map((q) => inProcess.embedQuery(q)));
      const inProcessLoop = probe.stop();

      expect(pooled).toHaveLength(200);
      expect(maxDifference(pooled, reference)).toBeLessThan(1e-6);
      // All 200 arrived in one tick: six full batches of 32 and one of 8.
      expect(fresh.stats().texts - before.texts).toBe(200);
      expect(fresh.stats().batches - before.batches).toBe(7);

      // "Held" is the main thread's own CPU time within one probe interval (Linux; elsewhere the loop's
      // busy time). The raw timer delay also counts the time a loaded machine takes to schedule this
      // thread at all, so it is compared with in-process rather than bounded.
      const held = (loop: LoopProbeReport) => loop.maxCpuMs ?? loop.maxBusyMs;
      expect(held(poolLoop)).toBeLessThan(100);
      expect(held(inProcessLoop)).toBeGreaterThan(1000);
      expect(poolLoop.maxGapMs).toBeLessThan(inProcessLoop.maxGapMs / 4);
    } finally {
      await fresh.close();
    }
    // In-process, 200 one-by-one passes take 3 s of CPU: far longer on a loaded 2-core machine.
  }, 180_000);

  it('lets the process exit after close(): no thread or timer is left running', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/providers/embeddings/pool-exit-child.ts'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = await new Promise<{ code: number | null; at: number }>((resolve) => {
      const timeout = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.on('exit', (code) => {
        clearTimeout(timeout);
        resolve({ code, at: Date.now() });
      });
    });
    expect(stderr).toBe('');
    expect(exited.code).toBe(0);
    expect(stdout).toContain('embedded 512 2');
    const closedAt = Number(/closed (\d+)/.exec(stdout)?.[1]);
    expect(exited.at - closedAt).toBeLessThan(3000);
  });
});
