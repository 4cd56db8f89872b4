import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../src/core/guide.js';
import type { AnswerResult } from '../../src/core/types.js';
import { createMetrics, type Metrics } from '../../src/ops/metrics.js';
import { isGatewayReady } from '../../src/ops/readiness.js';
import { FAKE_TOKEN, nextId } from '../support/fake-discord/ids.js';
import { user, userMessage } from '../support/fake-discord/payloads.js';
import { FakeDiscord } from '../support/fake-discord/server.js';
import { startTestBot, tempDir, testConfig, type RunningBot } from './harness.js';

/**
 * The gateway's life as the operator sees it: log lines and metrics for a dropped connection, a
 * reconnect, a resumed session, a disconnect that will not recover, and REST rate limits. The real
 * discord.js client against the fake Discord, which drops connections and answers 429 on request.
 */
interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A guide that answers every question at once (the gateway is under test, not the answers). */
const quickGuide: Pick<Guide, 'answer' | 'cite'> = {
  answer: (question) =>
    Promise.resolve({
      question,
      answer: 'The guide does not cover that.',
      grounded: false,
      outcome: 'out_of_scope',
      citations: [],
      suggestions: [],
      mode: 'extractive',
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    } satisfies AnswerResult),
  cite: () => Promise.resolve([]),
};

let fake: FakeDiscord;
let running: RunningBot;
let metrics: Metrics;
const lines: Line[] = [];
const tmp = tempDir('guidebot-lifecycle-');

beforeAll(async () => {
  fake = await FakeDiscord.start();
  metrics = createMetrics();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  running = await startTestBot({
    fake,
    guide: quickGuide,
    config: testConfig(fake, join(tmp.dir, 'guidebot.sqlite')),
    logger: pino({ level: 'debug' }, sink),
    metrics,
  });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  tmp.remove();
});

async function waitForLine(predicate: (line: Line) => boolean, from = 0, timeoutMs = 20_000): Promise<Line> {
  const started = Date.now();
  for (;;) {
    const found = lines.slice(from).find(predicate);
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`no such log line; got: ${lines.map((l) => l.msg).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const metricsText = async () => (await metrics.render()).body;

describe('gateway lifecycle', () => {
  it('logs a dropped connection as a warning, then a resumed session, and counts both', async () => {
    fake.acceptResume = true;
    const from = lines.length;
    fake.dropConnections(4000);
    const lost = await waitForLine((l) => l.msg === 'gateway connection lost; reconnecting', from);
    expect(lost).toMatchObject({ level: 40, shardId: 0 });
    const resumed = await waitForLine((l) => l.msg === 'gateway session resumed', from);
    expect(resumed).toMatchObject({ level: 30, shardId: 0 });
    await expect.poll(() => isGatewayReady(running.bot.client)).toBe(true);
    const text = await metricsText();
    expect(text).toContain('guidebot_gateway_events_total{event="reconnecting",shard="0"} 1');
    expect(text).toContain('guidebot_gateway_events_total{event="resumed",shard="0"} 1');
  });

  it('reports the gateway as not ready while it reconnects, and ready again after a fresh identify', async () => {
    fake.acceptResume = false;
    const from = lines.length;
    const identified = fake.identified;
    fake.dropConnections(4000);
    await waitForLine((l) => l.msg === 'gateway connection lost; reconnecting', from);
    expect(isGatewayReady(running.bot.client)).toBe(false);
    await fake.waitForIdentified(identified + 1);
    await waitForLine((l) => l.msg === 'gateway shard ready', from);
    await expect.poll(() => isGatewayReady(running.bot.client)).toBe(true);
  });

  it('logs a global rate limit as a warning without the interaction token, and counts it', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      respond: {
        status: 429,
        message: 'You are being rate limited.',
        headers: { 'Retry-After': '1', 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
      },
    });
    const from = lines.length;
    const message = fake.sendMessage(
      userMessage('Is there a dress code?', { author: user(nextId(), 'member') }),
    );
    const limited = await waitForLine((l) => l.msg === 'rate limited by Discord', from);
    expect(limited).toMatchObject({ level: 40, global: true, method: 'POST' });
    expect(limited.waitMs).toBeGreaterThan(0);
    // The bot's reply still goes out once the limit has passed.
    await fake.waitFor(
      (r) => r.status === 200 && r.body?.message_reference?.message_id === message.id,
      10_000,
    );
    expect(await metricsText()).toContain('guidebot_discord_errors_total{kind="rate_limited"} 1');
    expect(JSON.stringify(lines)).not.toContain(FAKE_TOKEN);
  });

  it('counts answers and refusals of the bot in the metrics', async () => {
    const text = await metricsText();
    expect(text).toContain('guidebot_answers_total{outcome="out_of_scope"} 1');
    expect(text).toContain('guidebot_questions_total 1');
  });

  it('logs a disconnect it cannot recover from (4004, a rejected token) as an error naming the close code', async () => {
    const from = lines.length;
    fake.dropConnections(4004);
    const gone = await waitForLine(
      (l) => l.msg.startsWith('gateway disconnected and will not reconnect'),
      from,
    );
    expect(gone).toMatchObject({ level: 50, shardId: 0, code: 4004, reason: 'AuthenticationFailed' });
    expect(isGatewayReady(running.bot.client)).toBe(false);
    expect(await metricsText()).toContain('guidebot_gateway_events_total{event="disconnected",shard="0"} 1');
  });
});
