import { REST, Routes, type ClientOptions, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * Which Discord shards a process serves. Discord splits the guilds of a bot into `SHARD_COUNT` shards
 * (guild `g` belongs to shard `(g >> 22) % SHARD_COUNT`, DMs to shard 0); each shard is one gateway
 * connection that receives only its guilds' events.
 *
 * - `npm run start:sharded` (src/shard-manager.ts) runs one process per shard with discord.js's
 *   ShardingManager, which tells each process its shard in `SHARDS` and the total in `SHARD_COUNT`.
 * - `npm start` with `SHARD_COUNT` set runs the shards in one process (discord.js internal sharding), so a
 *   machine that was meant to run shards 2 and 3 never connects as an unsharded bot that gets every guild.
 */
export type ClientShards = Required<Pick<ClientOptions, 'shards' | 'shardCount'>>;

/**
 * The `shards`/`shardCount` options of this process's Client. Always explicit: left out, discord.js
 * reads them from `process.env` itself, and would misread our `SHARD_COUNT=auto` as NaN.
 */
export function clientShardOptions(
  config: Pick<Config, 'SHARDS' | 'SHARD_COUNT' | 'SHARD_IDS'>,
): ClientShards {
  const count = config.SHARD_COUNT;
  // A shard process: ShardingManager set both (SHARD_COUNT is then always a number).
  if (config.SHARDS && typeof count === 'number') return { shards: config.SHARDS, shardCount: count };
  if (count === undefined) return { shards: [0], shardCount: 1 };
  // discord.js asks Discord for the count itself (through DISCORD_API_URL); shardCount is then unused.
  if (count === 'auto') return { shards: 'auto', shardCount: 1 };
  return { shards: config.SHARD_IDS.length > 0 ? config.SHARD_IDS : range(count), shardCount: count };
}

/**
 * The process's logger, with `{ shard }` on every line when it runs under the shard manager
 * (`shard` is the id, or the ids when one process runs several).
 */
export function withShardBindings(logger: Logger, config: Pick<Config, 'SHARDS'>): Logger {
  const ids = config.SHARDS;
  if (!ids || ids.length === 0) return logger;
  return logger.child({ shard: ids.length === 1 ? ids[0] : ids });
}

/** Whether this process is a shard spawned by the shard manager (which then owns shutdown escalation). */
export function isManagedShard(config: Pick<Config, 'SHARDS'>): boolean {
  return config.SHARDS !== undefined;
}

/**
 * The health server's port (HEALTH_PORT) in this process: under the shard manager every shard is a
 * process with its own server, on HEALTH_PORT + its shard id, so they do not collide. 0 (any free port)
 * stays 0.
 */
export function shardHealthPort(port: number, config: Pick<Config, 'SHARDS'>): number {
  const first = config.SHARDS?.[0];
  return first === undefined || port === 0 ? port : port + first;
}

/** A machine's part of the shards: the total across all machines and the ids this one runs. */
export interface ShardPlan {
  totalShards: number;
  shardIds: number[];
}

/**
 * Turns `SHARD_COUNT`/`SHARD_IDS` into a plan. For `auto` it asks Discord (`GET /gateway/bot`, through
 * `DISCORD_API_URL` when set) for its recommended count, as discord.js's ShardingManager would, except
 * that discord.js always asks discord.com.
 *
 * @throws when `SHARD_COUNT` is unset (nothing to shard), or the gateway request fails (a 401 names the token).
 */
export async function planShards(
  config: Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS' | 'DISCORD_TOKEN' | 'DISCORD_API_URL'>,
): Promise<ShardPlan> {
  const count = config.SHARD_COUNT;
  if (count === undefined) throw new Error('SHARD_COUNT is not set: set it to auto or a number of shards');
  const totalShards = count === 'auto' ? await fetchRecommendedShards(config) : count;
  const shardIds = config.SHARD_IDS.length > 0 ? [...new Set(config.SHARD_IDS)] : range(totalShards);
  return { totalShards, shardIds };
}

async function fetchRecommendedShards(
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>,
): Promise<number> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const rest = new REST({
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
    retries: 1,
    timeout: 15_000,
  }).setToken(config.DISCORD_TOKEN);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return Math.max(1, gateway.shards);
  } catch (error) {
    throw new Error(
      `could not ask Discord for the recommended shard count (GET /gateway/bot): ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The V8 heap limits among node's own flags (`--max-old-space-size=256`, `--max-semi-space-size=2`),
 * which the shard manager passes on to its shards, so every shard process keeps the limits
 * `npm run start:sharded` set.
 */
export function heapFlags(execArgv: readonly string[]): string[] {
  return execArgv.filter((flag) => /^--max-(old|semi)-space-size=\d+$/.test(flag));
}
