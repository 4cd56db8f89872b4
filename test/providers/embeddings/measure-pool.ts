/**
 * Measures the use-lite worker pool against the in-process encoder (not a test; prints a table):
 *
 *   npx tsx test/providers/embeddings/measure-pool.ts [--workers 2] [--questions 200]
 *
 * 1. One-shot cost, as `npm run ask` pays it: a fresh process that embeds one question and exits.
 * 2. A burst: N distinct questions asked at once of a warm embedder: latency p50 / p95 / max, and the
 *    longest the main event loop was late (gap), busy (busy), and the longest CPU time the main thread
 *    used between two 5 ms probe ticks (cpu), meanwhile.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { UseLitePoolEmbeddings } from '../../../src/providers/embeddings/use-lite-pool.js';
import { startLoopProbe } from './loop-probe.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    questions: { type: 'string', default: '200' },
    'one-shot': { type: 'string' },
  },
});
const workers = Number(values.workers);
const count = Number(values.questions);

function create(kind: string): EmbeddingsInterface & { close?: () => Promise<void> } {
  return kind === 'pool' ? new UseLitePoolEmbeddings({ workers }) : new UseLiteEmbeddings();
}

if (values['one-shot']) {
  // Child mode: embed one question and end, as the CLI does.
  const embeddings = create(values['one-shot']);
  await embeddings.embedQuery('How do I become a medical administrative assistant?');
  await embeddings.close?.();
} else {
  const self = fileURLToPath(import.meta.url);
  for (const kind of ['in-process', 'pool']) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [
      '--import',
      'tsx',
      self,
      '--workers',
      String(workers),
      '--one-shot',
      kind,
    ]);
    if (child.status !== 0) throw new Error(`one-shot ${kind} failed: ${child.stderr.toString()}`);
    console.log(
      `one-shot ${kind.padEnd(10)} process start to exit: ${Math.round(performance.now() - started)} ms`,
    );
  }

  const questions = (round: string) =>
    Array.from({ length: count }, (_, i) => `How long does certification take in state ${i + 1} (${round})?`);
  const percentile = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

  async function burst(label: string, embeddings: EmbeddingsInterface, texts: string[]): Promise<void> {
    const latencies: number[] = [];
    const probe = startLoopProbe();
    const started = performance.now();
    await Promise.all(
      texts.map(async (text) => {
        const asked = performance.now();
        await embeddings.embedQuery(text);
        latencies.push(performance.now() - asked);
      }),
    );
    const total = performance.now() - started;
    const loop = probe.stop();
    latencies.sort((a, b) => a - b);
    const ms = (x: number) => `${Math.round(x)}`.padStart(6);
    console.log(
      `${label.padEnd(26)} p50 ${ms(percentile(latencies, 0.5))}  p95 ${ms(percentile(latencies, 0.95))}  max ${ms(latencies.at(-1)!)}  total ${ms(total)}  loop gap ${ms(loop.maxGapMs)}  busy ${ms(loop.maxBusyMs)}  cpu ${loop.maxCpuMs === undefined ? '     -' : ms(loop.maxCpuMs)}  (ms)`,
    );
  }

  const inProcess = new UseLiteEmbeddings();
  const pool = new UseLitePoolEmbeddings({ workers });
  await Promise.all([inProcess.embedQuery('warm up'), pool.embedDocuments(['warm up 1', 'warm up 2'])]);
  console.log(`\n${count} distinct questions at once, warm, ${workers} worker(s):`);
  for (const round of ['a', 'b']) {
    await burst(`in-process (${round})`, inProcess, questions(round));
    await burst(`pool (${round})`, pool, questions(round));
  }
  await burst('pool, same again (cached)', pool, questions('b'));
  console.log('pool stats', pool.stats());
  await pool.close();
}
