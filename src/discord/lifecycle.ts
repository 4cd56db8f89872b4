import { Events, GatewayCloseCodes, RESTEvents, type Client } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';

/** A pre-emptive wait shorter than this (one bucket, not global) is routine: logged at debug only. */
const ROUTINE_RATE_LIMIT_MS = 1000;

/**
 * Logs the gateway's life, which discord.js otherwise handles silently, and counts it in `metrics`:
 * - a lost connection the client is re-establishing (warn) and the session resumed (info);
 * - a disconnect it will not recover from, e.g. close code 4004 for a bad token (error);
 * - shard errors and invalidated sessions (error);
 * - REST rate limits (warn when global or 1 s and longer; debug for short per-route waits).
 * Logs carry shard ids, close codes and routes, never tokens: a route names `:token`, not its value.
 */
export function attachLifecycleLogs(client: Client, logger: Logger, metrics?: Metrics): void {
  client.on(Events.ShardReady, (shardId, unavailableGuilds) => {
    logger.info({ shardId, unavailableGuilds: unavailableGuilds?.size ?? 0 }, 'gateway shard ready');
  });
  client.on(Events.ShardReconnecting, (shardId) => {
    metrics?.countGatewayEvent('reconnecting', shardId);
    logger.warn({ shardId }, 'gateway connection lost; reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayedEvents) => {
    metrics?.countGatewayEvent('resumed', shardId);
    logger.info({ shardId, replayedEvents }, 'gateway session resumed');
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    metrics?.countGatewayEvent('disconnected', shardId);
    logger.error(
      { shardId, code: event.code, reason: GatewayCloseCodes[event.code] ?? 'unknown' },
      'gateway disconnected and will not reconnect; restart the bot after fixing the cause',
    );
  });
  client.on(Events.ShardError, (error, shardId) => {
    metrics?.countDiscordError('shard_error');
    logger.error({ err: error, shardId }, 'gateway connection error');
  });
  client.on(Events.Invalidated, () => {
    metrics?.countDiscordError('invalidated');
    logger.error('Discord invalidated the session; the client stops');
  });
  // The client's own 'error' event is logged where the client is built (bot.ts); here it is only counted.
  client.on(Events.Error, () => metrics?.countDiscordError('client_error'));
  client.rest.on(RESTEvents.RateLimited, (info) => {
    metrics?.countDiscordError('rate_limited');
    const detail = {
      route: info.route,
      method: info.method,
      global: info.global,
      scope: info.scope,
      limit: info.limit,
      waitMs: info.timeToReset,
    };
    if (info.global || info.timeToReset >= ROUTINE_RATE_LIMIT_MS)
      logger.warn(detail, 'rate limited by Discord');
    else logger.debug(detail, 'rate limited by Discord');
  });
}
