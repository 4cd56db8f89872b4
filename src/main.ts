/**
 * `npm start`: the composition root. Loads settings, opens the guide's index and the database, starts
 * the Discord bot, follows re-ingestion without a restart, and shuts down cleanly on SIGINT/SIGTERM.
 * Everything is built here and passed down; nothing else reads the environment or connects on import.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { GuideEmbeddings } from './core/embedder.js';
import { isGuideError } from './core/errors.js';
import type { Guide } from './core/guide.js';
import { watchIndex, type WatchIndexOptions } from './core/index-store.js';
import { createAskParts, openGuideParts } from './app/wiring.js';
import { closeEmbeddings } from './providers/embeddings/close-embeddings.js';
import { createBot, type Bot, type BotDeps } from './discord/bot.js';
import { clientShardOptions, isManagedShard, withShardBindings } from './discord/shards.js';
import { checkTokenShape } from './discord/token.js';
import { createLogger, type Logger } from './logger.js';
import { openStore, type GuideStore } from './store/store.js';

export interface GuidebotOptions {
  config: Config;
  logger: Logger;
  /** Defaults to `createEmbeddings(config)`; tests pass one already loaded. */
  embeddings?: GuideEmbeddings;
  /** REST overrides for the Discord client (tests shorten timeouts). */
  rest?: BotDeps['rest'];
  watch?: WatchIndexOptions;
}

/** A running bot and what it was built from. */
export interface RunningGuidebot {
  guide: Guide;
  store: GuideStore;
  bot: Bot;
  /** Stops taking questions, finishes the ones in flight, closes the database, logs out. */
  stop(): Promise<void>;
}

/**
 * Builds and starts everything. Throws GuideError (INDEX_MISSING, INDEX_CORRUPT,
 * INDEX_EMBEDDER_MISMATCH) when the index cannot be opened, and discord.js errors when login fails;
 * whatever was opened is closed again before it throws.
 */
export async function startGuidebot(options: GuidebotOptions): Promise<RunningGuidebot> {
  const { config, logger } = options;
  const { embeddings, guide } = await openGuideParts(config, logger, {
    ...(options.embeddings ? { embeddings: options.embeddings } : { workers: config.EMBEDDINGS_WORKERS }),
    report: (event) => {
      if (event.kind === 'stale') {
        logger.warn(
          { changed: event.changed },
          'the index is older than the corpus; run `npm run ingest` to rebuild it (the bot switches over without a restart)',
        );
      }
    },
  });
  logger.info(
    { buildId: guide.manifest().buildId, chunks: guide.manifest().chunkCount, mode: config.ANSWER_MODE },
    'index loaded',
  );

  const store = openStore(config.DATABASE_PATH);
  const stopWatching = watchIndex(
    config.INDEX_DIR,
    (buildId) => {
      guide.reload().then(
        (result) => {
          if (result.reloaded) {
            logger.info({ buildId: result.buildId }, 'the bot now answers from the new index');
            warmUp(guide, logger);
          }
        },
        (error: unknown) => {
          logger.error(
            { err: error, buildId, serving: guide.manifest().buildId },
            'the new index failed to load; the previous one keeps serving',
          );
        },
      );
    },
    options.watch,
  );

  const { asker, pins } = createAskParts({ config, guide, store, embeddings, logger });
  const bot = createBot({
    config,
    connection: {
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      shards: clientShardOptions(config),
    },
    asker,
    store,
    pins,
    logger,
    ...(options.rest ? { rest: options.rest } : {}),
  });
  try {
    await bot.start();
  } catch (error) {
    stopWatching();
    await bot.client.destroy();
    store.close();
    throw error;
  }
  warmUp(guide, logger);
  let stopping: Promise<void> | undefined;
  return {
    guide,
    store,
    bot,
    stop() {
      stopping ??= (async () => {
        stopWatching();
        await bot.stop();
        store.close();
        // Only an embedder built here is ours to close (a test may share one across bots).
        if (!options.embeddings) await closeEmbeddings(embeddings);
      })();
      return stopping;
    },
  };
}

/** Embeds the answer sentences in the background; answers work (a little slower at first) without it. */
function warmUp(guide: Guide, logger: Logger): void {
  guide.warmUp().then(
    (sentences) => logger.info({ sentences }, 'answer sentences embedded ahead of time'),
    (error: unknown) =>
      logger.warn({ err: error }, 'could not embed answer sentences ahead of time; answers still work'),
  );
}

/** Turns a start-up failure into what to do about it. */
function explainStartFailure(error: unknown, config: Config): string {
  if (isGuideError(error, 'INDEX_MISSING')) {
    return `No index in ${config.INDEX_DIR}. Build it with \`npm run ingest\` (reads ${config.CORPUS_DIR}), then run \`npm start\` again.`;
  }
  if (isGuideError(error, 'INDEX_EMBEDDER_MISMATCH')) {
    return `${error.message}\nRebuild the index with the configured embedder: \`npm run ingest\`.`;
  }
  if (isGuideError(error))
    return `${error.message}\nRebuilding the index (\`npm run ingest\`) usually fixes this.`;
  const code = (error as { code?: unknown }).code;
  if (code === 'TokenInvalid' || (error as { status?: unknown }).status === 401) {
    return 'Discord rejected DISCORD_TOKEN (401). Reset the token in the Developer Portal (Bot > Reset Token) and update .env.';
  }
  if (code === 'DisallowedIntents')
    return 'Discord refused the gateway intents. The bot needs no privileged intent; check the application settings.';
  return `Could not start: ${error instanceof Error ? error.message : String(error)}`;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const tokenProblem = checkTokenShape(config.DISCORD_TOKEN);
  if (tokenProblem) {
    process.stderr.write(`${tokenProblem}\n`);
    process.exit(1);
  }
  const logger = withShardBindings(createLogger({ level: config.LOG_LEVEL }), config);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  // Handlers go in before start-up: a signal that arrives while the client is connecting (or answering
  // its first question) must still shut down cleanly, not kill the process.
  let running: RunningGuidebot | undefined;
  let stopRequested: NodeJS.Signals | undefined;
  const stopAndExit = (bot: RunningGuidebot) => {
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopRequested) {
      // Under the shard manager one Ctrl-C arrives twice (the terminal's process group, then the manager);
      // the manager escalates a real second one itself, with SIGKILL.
      if (isManagedShard(config)) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopRequested = signal;
    logger.info({ signal }, 'shutting down: no new questions, finishing the ones in flight');
    if (running) stopAndExit(running);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A shard whose manager is gone (killed with SIGKILL, say) shuts down rather than run on as an orphan.
  if (isManagedShard(config))
    process.once('disconnect', () => {
      logger.warn('the shard manager is gone');
      shutdown('SIGTERM');
    });

  try {
    running = await startGuidebot({ config, logger });
  } catch (error) {
    logger.debug({ err: error }, 'start failed');
    process.stderr.write(`${explainStartFailure(error, config)}\n`);
    process.exit(1);
  }
  if (stopRequested) stopAndExit(running);
}

// Run only as the entry point (`tsx src/main.ts`), so tests can import startGuidebot.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) void main();
