/**
 * `npm run start:sharded`: runs the bot as one process per Discord shard (discord.js ShardingManager,
 * process mode). `SHARD_COUNT` (auto or a number) sets the total, `SHARD_IDS` the shards this machine
 * runs. Each shard process is main (src/main.ts, or dist/src/main.js when built), which learns its shard from the manager and serves only that
 * shard's guilds. On SIGINT/SIGTERM the signal is forwarded to every shard, each finishes its questions
 * in flight, and the manager exits once all have (0 when all exited cleanly); a second signal kills them.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfigOrExit } from './ops/load-config-or-exit.js';
import { createShardSupervisor, type ShardSupervisor } from './discord/shard-supervisor.js';
import { heapFlags, planShards } from './discord/shards.js';
import { checkTokenShape } from './discord/token.js';
import { createLogger } from './logger.js';

/**
 * Whether this file runs as TypeScript (through tsx: tests, `tsx src/shard-manager.ts`) or compiled
 * (`npm run start:sharded` runs dist/src/shard-manager.js, built by scripts/build.mjs).
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
/** The entry every shard runs: main beside this file, in the same form. */
const SHARD_ENTRY = fileURLToPath(new URL(FROM_SOURCE ? './main.ts' : './main.js', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.SHARD_COUNT === undefined) {
    process.stderr.write(
      'SHARD_COUNT is not set: set it to auto or to the number of shards (see .env.example). `npm start` runs one unsharded process.\n',
    );
    process.exit(1);
  }
  const tokenProblem = checkTokenShape(config.DISCORD_TOKEN);
  if (tokenProblem || !config.DISCORD_TOKEN) {
    process.stderr.write(`${tokenProblem ?? 'DISCORD_TOKEN is not set'}\n`);
    process.exit(1);
  }
  const token = config.DISCORD_TOKEN;
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'guidebot-shards' });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let supervisor: ShardSupervisor | undefined;
  let stopRequested = false;
  const stopAndExit = (signal: NodeJS.Signals, code = 0) => {
    if (!supervisor) process.exit(code === 0 ? 0 : 1);
    supervisor.stop(signal).then(
      (shardsCode) => {
        const exitCode = code === 0 ? shardsCode : code;
        logger.info({ exitCode }, 'all shards exited');
        process.exit(exitCode);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping the shards');
        process.exit(1);
      },
    );
  };
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopRequested) {
      logger.warn({ signal }, 'second signal: killing the shards without waiting');
      supervisor?.kill();
      process.exit(1);
    }
    stopRequested = true;
    logger.info({ signal }, 'shutting down: every shard finishes its questions in flight');
    stopAndExit(signal);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    const plan = await planShards(config);
    logger.info({ totalShards: plan.totalShards, shardIds: plan.shardIds }, 'starting shards');
    supervisor = createShardSupervisor({
      file: SHARD_ENTRY,
      plan,
      token,
      logger,
      // The manager's own heap settings (npm run start:sharded sets them; see "Memory" in README.md),
      // and, when running from source, `--import tsx` resolved here: the shards may run from a folder
      // (cwd) where `tsx` cannot be found.
      execArgv: [
        ...heapFlags(process.execArgv),
        ...(FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : []),
      ],
    });
    await supervisor.start();
  } catch (error) {
    logger.error({ err: error }, 'could not start the shards');
    if (!stopRequested) {
      stopRequested = true;
      stopAndExit('SIGTERM', 1);
    }
    return;
  }
  if (!stopRequested) logger.info({ shards: supervisor.manager.shards.size }, 'all shards ready');
}

// As in src/main.ts: compare real paths, so a symlinked deployment starts too.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) void main();
