import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessLauncher, referenceLauncher } from '../../scripts/bench/discord/bots.js';
import { formatDiscordTable } from '../../scripts/bench/discord/report.js';
import { runDiscordBench, type BotResult } from '../../scripts/bench/discord/run.js';
import type { ScenarioSpec } from '../../scripts/bench/discord/load.js';
import { loadConfig } from '../../src/config.js';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { createSilentLogger } from '../../src/logger.js';
import { startGuidebot } from '../../src/main.js';
import { FAKE_TOKEN } from '../support/fake-discord/ids.js';
import { HashEmbeddings, makeTempDir, TINY_CORPUS } from '../ingest/helpers.js';

/**
 * The Discord load bench at a tiny size: the real bot (in this process, tiny corpus, hashed
 * embedder) and the one-step reference bot (its own process), 20 questions at 5 concurrent each.
 */
const tmp = makeTempDir('guidebot-bench-smoke-');
const indexDir = join(tmp.dir, 'index');
const SMOKE: ScenarioSpec = {
  name: 'smoke',
  description: 'tiny corpus, 20 questions at 5 concurrent',
  total: 20,
  concurrency: 5,
  questions: [
    'How much honey does a hive produce?',
    'What equipment do I need?',
    'How do I make a sourdough starter?',
    'What oven temperature should I bake at?',
  ],
};
let results: BotResult[] = [];

beforeAll(async () => {
  const embeddings = new HashEmbeddings();
  await ingestCorpus({ corpusDir: TINY_CORPUS, indexDir, embeddings, chunkSize: 900, chunkOverlap: 100 });
  const guidebot = inProcessLauncher('guidebot', 'the real bot, in process, tiny corpus', (apiUrl) =>
    startGuidebot({
      config: loadConfig({
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_API_URL: apiUrl,
        INDEX_DIR: indexDir,
        CORPUS_DIR: TINY_CORPUS,
        DATABASE_PATH: join(tmp.dir, 'guidebot.sqlite'),
        COOLDOWN_SECONDS: '0',
        LOG_LEVEL: 'silent',
      }),
      logger: createSilentLogger(),
      embeddings,
    }),
  );
  const reference = referenceLauncher('reply', join(tmp.dir, 'ref-reply.log'));
  results = await runDiscordBench({ bots: [guidebot, reference], scenarios: [SMOKE], sampleMs: 200 });
});
afterAll(() => tmp.cleanup());

describe('the Discord load bench at a tiny size', () => {
  it('answers every question of both bots, none lost, and tells their reply styles apart', () => {
    expect(results.map((r) => [r.bot, r.error])).toEqual([
      ['guidebot', undefined],
      ['ref-reply', undefined],
    ]);
    const [guidebot, reference] = results.map((r) => r.scenarios.smoke!);
    for (const s of [guidebot!, reference!]) {
      expect(s).toMatchObject({ questions: 20, concurrency: 5, answered: 20, lost: 0 });
      expect(s.lostBy).toEqual({ late: 0, timeout: 0 });
      expect(s.throughputPerS).toBeGreaterThan(0);
      expect(s.latencyMs.p50).toBeGreaterThan(0);
      expect(s.latencyMs.p95).toBeGreaterThanOrEqual(s.latencyMs.p50);
      expect(s.firstResponseMs.p95).toBeLessThan(3000);
      expect(s.rss?.peakMb).toBeGreaterThan(0);
      expect(s.botCpuS).toBeGreaterThanOrEqual(0);
    }
    // The bot as it is now answers with embeds, after a deferral or in one step; the reference in one step, in text.
    expect(Object.values(guidebot!.styles).reduce((a, b) => a + b, 0)).toBe(20);
    expect(guidebot!.answerKinds).toEqual({ embed: 20, text: 0, apology: 0 });
    expect(reference!.styles).toEqual({ reply: 20 });
    expect(reference!.answerKinds).toEqual({ embed: 0, text: 20, apology: 0 });
    for (const r of results) expect(r.fake).toMatchObject({ doubleAcks: 0, unknownRoutes: {} });
  });

  it('prints one table line per bot and scenario', () => {
    const table = formatDiscordTable(results, [SMOKE]);
    expect(table).toMatch(/^scenario\s+bot\s+sent\s+conc\s+answered\s+lost\s+answers\/s\s+p50 ms\s+p95 ms/);
    expect(table).toMatch(/\nsmoke\s+guidebot\s+20\s+5\s+20\s+0\s/);
    expect(table).toMatch(
      /\nsmoke\s+ref-reply\s+20\s+5\s+20\s+0\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+reply\s/,
    );
  });
});
