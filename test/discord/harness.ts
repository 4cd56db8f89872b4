import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { Guide } from '../../src/core/guide.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { createSilentLogger, type Logger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';
import type { Metrics } from '../../src/ops/metrics.js';
import { createPinMatcher, type EmbedQuestion } from '../../src/store/pin-matcher.js';
import { createAskService } from '../../src/app/ask-service.js';
import { sentenceCase } from '../../src/core/words/text.js';
import { FAKE_TOKEN } from '../support/fake-discord/ids.js';
import type { FakeDiscord } from '../support/fake-discord/server.js';

/** Settings for a bot pointed at the fake; `env` overrides keys as `.env` would. */
export function testConfig(fake: FakeDiscord, dbPath: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: dbPath,
    GUIDE_URL: 'https://guide.example.org/maa',
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export interface RunningBot {
  bot: Bot;
  store: Store;
  errors: unknown[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot (real discord.js client) against the fake, with a store at `dbPath`. REST
 * timeouts and retries are shortened so failure tests take a second, not a minute.
 */
export async function startTestBot(options: {
  fake: FakeDiscord;
  guide: Pick<Guide, 'answer' | 'cite'> & Partial<Pick<Guide, 'listSections'>>;
  config: Config;
  embedQuestion?: EmbedQuestion;
  logger?: Logger;
  metrics?: Metrics;
}): Promise<RunningBot> {
  const store = openSqliteStore(options.config.DATABASE_PATH);
  const { embedQuestion } = options;
  const errors: unknown[] = [];
  const logger = options.logger ?? createSilentLogger();
  const pins = createPinMatcher({
    store,
    ...(options.embedQuestion ? { embed: options.embedQuestion } : {}),
    threshold: options.config.PIN_MATCH_THRESHOLD,
  });
  const asker = createAskService({
    guide: options.guide,
    store,
    pins,
    logger,
    // Taught questions are embedded as the composition root embeds them (src/app/wiring.ts).
    ...(embedQuestion ? { embed: (text: string) => embedQuestion(sentenceCase(text)) } : {}),
  });
  const bot = createBot({
    config: options.config,
    connection: { token: options.config.DISCORD_TOKEN, apiUrl: options.config.DISCORD_API_URL },
    asker,
    store,
    pins,
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    rest: { timeout: 1500, retries: 0 },
  });
  bot.client.on('error', (error) => errors.push(error));
  await bot.start();
  return {
    bot,
    store,
    errors,
    async stop() {
      await bot.stop();
      await store.close();
    },
  };
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
