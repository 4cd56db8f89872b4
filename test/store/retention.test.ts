import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startLogRetention } from '../../src/store/retention.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { PruneOptions, RetentionStore } from '../../src/store/types.js';

interface LogLine {
  level: number;
  msg: string;
  deleted?: number;
  err?: { message: string };
}

/** A logger whose JSON lines the test reads back. */
function captureLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const limits = { QUESTION_LOG_MAX_AGE_DAYS: 30, QUESTION_LOG_MAX_ROWS: 1000 };

describe('startLogRetention', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('prunes once at start and again every interval with the configured limits, logging what went', async () => {
    const calls: PruneOptions[] = [];
    const store: RetentionStore = {
      pruneQuestionLog: async (options) => {
        calls.push(options);
        return calls.length === 1 ? 42 : 0;
      },
    };
    const { logger, lines } = captureLogger();
    stops.push(startLogRetention(store, limits, logger, { intervalMs: 20, batchSize: 7 }));
    expect(calls).toHaveLength(1); // the first run starts at once, not after an interval
    await until(() => calls.length >= 3);
    expect(calls[0]).toMatchObject({ maxAgeDays: 30, maxRows: 1000, batchSize: 7 });
    expect(lines.find((line) => line.msg === 'question log pruned')).toMatchObject({
      level: 30,
      deleted: 42,
    });
  });

  it('logs a failed run as a warning and tries again at the next interval, without throwing', async () => {
    let calls = 0;
    const store: RetentionStore = {
      pruneQuestionLog: async () => {
        calls++;
        if (calls === 1) throw new Error('database is down');
        return 1;
      },
    };
    const { logger, lines } = captureLogger();
    stops.push(startLogRetention(store, limits, logger, { intervalMs: 20 }));
    await until(() => lines.some((line) => line.msg === 'question log pruned'));
    const warning = lines.find((line) => line.level === 40);
    expect(warning?.msg).toMatch(/could not prune the question log/);
    expect(warning?.err?.message).toBe('database is down');
  });

  it('never starts a run while the previous one is still going', async () => {
    let running = 0;
    let overlapped = false;
    let calls = 0;
    const store: RetentionStore = {
      pruneQuestionLog: async () => {
        calls++;
        running++;
        overlapped ||= running > 1;
        await sleep(60);
        running--;
        return 0;
      },
    };
    stops.push(startLogRetention(store, limits, captureLogger().logger, { intervalMs: 10 }));
    await until(() => calls >= 3);
    expect(overlapped).toBe(false);
  });

  it('stops: aborts the running prune between batches and waits for it to finish', async () => {
    let signal: AbortSignal | undefined;
    let finished = false;
    const store: RetentionStore = {
      pruneQuestionLog: async (options) => {
        signal = options.signal;
        while (!options.signal?.aborted) await sleep(5);
        await sleep(20);
        finished = true;
        return 3;
      },
    };
    const stop = startLogRetention(store, limits, captureLogger().logger, { intervalMs: 10 });
    await until(() => signal !== undefined);
    await stop();
    expect(signal?.aborted).toBe(true);
    expect(finished).toBe(true);
  });

  it('does nothing when both limits are 0', async () => {
    let calls = 0;
    const store: RetentionStore = { pruneQuestionLog: async () => ++calls };
    const { logger, lines } = captureLogger();
    const stop = startLogRetention(
      store,
      { QUESTION_LOG_MAX_AGE_DAYS: 0, QUESTION_LOG_MAX_ROWS: 0 },
      logger,
      { intervalMs: 5 },
    );
    await sleep(30);
    await stop();
    expect(calls).toBe(0);
    expect(lines[0]?.msg).toMatch(/retention is off/);
  });

  it('prunes a real database down to QUESTION_LOG_MAX_ROWS at start', async () => {
    const store = openSqliteStore(':memory:');
    for (let i = 0; i < 30; i++)
      await store.logQuestion({ question: `q${i}`, outcome: 'answered', userId: 'u' });
    const { logger, lines } = captureLogger();
    const stop = startLogRetention(
      store,
      { QUESTION_LOG_MAX_AGE_DAYS: 90, QUESTION_LOG_MAX_ROWS: 10 },
      logger,
      {
        batchSize: 4,
      },
    );
    await until(() => lines.some((line) => line.msg.startsWith('question log pruned')));
    await stop();
    expect(lines.find((line) => line.msg === 'question log pruned')?.deleted).toBe(20);
    expect(await store.getAnswer(20)).toBeUndefined();
    expect((await store.getAnswer(21))?.question).toBe('q20');
    await store.close();
  });
});
