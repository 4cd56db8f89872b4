/**
 * `npm start`: the composition root. Loads settings, opens the guide's index and the database, starts
 * the Discord bot, follows re-ingestion without a restart, and shuts down cleanly on SIGINT/SIGTERM.
 * Everything is built here and passed down; nothing else reads the environment or connects on import.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfigOrExit } from './ops/load-config-or-exit.js';
import type { Config } from './config.js';
import type { Embedder } from './core/embedder.js';
import type { Guide } from './core/guide.js';
import { watchIndex, type WatchIndexOptions } from './index/watch.js';
import { createAskParts, openGuideParts } from './app/wiring.js';
import { closeEmbeddings } from './providers/embeddings/close-embeddings.js';
import { createBot, type Bot, type BotDeps } from './discord/bot.js';
import { clientShardOptions, isManagedShard, shardHealthPort, withShardBindings } from './discord/shards.js';
import { checkTokenShape } from './discord/token.js';
import { createLogger, type Logger } from './logger.js';
import { createStoreFromConfig } from './store/create-store.js';
import { startLogRetention } from './store/retention.js';
import type { Store } from './store/types.js';
import { explainStartFailure } from './ops/explain-start-failure.js';
import { createHealthServer } from './ops/health-server.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { checkReadiness } from './ops/readiness.js';
import { hashCorpus } from './index/manifest.js';

export interface GuidebotOptions {
  config: Config;
  logger: Logger;
  /** Defaults to `createEmbeddings(config)`; tests pass one already loaded. */
  embeddings?: Embedder;
  /** REST overrides for the Discord client (tests shorten timeouts). */
  rest?: BotDeps['rest'];
  watch?: WatchIndexOptions;
  /** Counts answers, gateway events and index reloads (GET /metrics). */
  metrics?: Metrics;
}

/** A running bot and what it was built from. */
export interface RunningGuidebot {
  guide: Guide;
  store: Store;
  bot: Bot;
  /** Stops taking questions, finishes the ones in flight, closes the database, logs out. */
  stop(): Promise<void>;
}

/**
 * Builds and starts everything. Throws PipelineError (INDEX_MISSING, INDEX_CORRUPT,
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
      } else if (event.kind === 'corpus-unavailable') {
        // A missing or unreadable corpus does not stop the bot: the index it serves is complete.
        logger.warn(`${event.message} The bot serves the existing index.`);
      }
    },
  });
  logger.info(
    {
      buildId: guide.manifest().buildId,
      corpusHash: hashCorpus(guide.manifest().files),
      chunks: guide.manifest().chunkCount,
      mode: config.ANSWER_MODE,
    },
    'index loaded',
  );
  options.metrics?.setIndex(guide.manifest());

  const store = await createStoreFromConfig(config, logger);
  const stopRetention = startLogRetention(store, config, logger);
  const stopWatching = watchIndex(
    config.INDEX_DIR,
    (buildId) => {
      guide.reload().then(
        (result) => {
          if (result.reloaded) {
            options.metrics?.countIndexReload('reloaded');
            options.metrics?.setIndex(guide.manifest());
            logger.info(
              { buildId: result.buildId, corpusHash: hashCorpus(guide.manifest().files) },
              'the bot now answers from the new index',
            );
            warmUp(guide, logger);
          }
        },
        (error: unknown) => {
          options.metrics?.countIndexReload('failed');
          logger.error(
            { err: error, buildId, serving: guide.manifest().buildId },
            'the new index failed to load; the previous one keeps serving',
          );
        },
      );
    },
    options.watch,
  );

  const { asker, pins } = await createAskParts({ config, guide, store, embeddings, logger });
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
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.rest ? { rest: options.rest } : {}),
  });
  try {
    await bot.start();
  } catch (error) {
    stopWatching();
    await bot.client.destroy();
    await stopRetention();
    await store.close();
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
        await stopRetention();
        await store.close();
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

async function main(): Promise<void> {
  const config = loadConfigOrExit();
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
  const metrics = createMetrics();
  const health =
    config.HEALTH_PORT === undefined
      ? undefined
      : createHealthServer({
          port: shardHealthPort(config.HEALTH_PORT, config),
          host: config.HEALTH_HOST,
          metrics,
          logger,
          readiness: () =>
            checkReadiness({
              indexLoaded: running !== undefined,
              client: running?.bot.client,
              stopping: stopRequested !== undefined,
            }),
          about: () => {
            const manifest = running?.guide.manifest();
            return manifest
              ? { index: { buildId: manifest.buildId, corpusHash: hashCorpus(manifest.files) } }
              : {};
          },
        });
  const stopAndExit = (bot: RunningGuidebot) => {
    bot
      .stop()
      .then(() => health?.close())
      .then(
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
  await health?.start();

  try {
    running = await startGuidebot({ config, logger, metrics });
  } catch (error) {
    logger.debug({ err: error }, 'start failed');
    process.stderr.write(`${explainStartFailure(error, config)}\n`);
    process.exit(1);
  }
  if (stopRequested) stopAndExit(running);
}

// Run only as the entry point (`tsx src/main.ts`), so tests can import startGuidebot. Node loads the
// module by its real path: compare real paths, or a symlinked deployment would start and do nothing.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) void main();
