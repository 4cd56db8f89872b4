import { Status, type Client } from 'discord.js';
import type { ReadinessChecks } from './health-server.js';

/** What readiness is judged from; all optional because it is asked during start-up and shutdown too. */
export interface ReadinessSources {
  /** Set once an index is loaded (it stays loaded: a failed reload keeps the previous one serving). */
  indexLoaded: boolean;
  /** The bot's client, once it exists. */
  client: Client | undefined;
  /** True from the first SIGTERM/SIGINT: a stopping bot takes no new questions. */
  stopping: boolean;
}

/**
 * GET /readyz's checks: an index is loaded, every gateway shard is connected and identified (not
 * reconnecting or resuming), and the bot is not shutting down.
 */
export function checkReadiness(sources: ReadinessSources): ReadinessChecks {
  return {
    index: sources.indexLoaded,
    discord: sources.client !== undefined && isGatewayReady(sources.client),
    accepting: !sources.stopping,
  };
}

/**
 * Whether the client is connected: `client.isReady()` stays true while a shard reconnects, so each
 * shard's own status is checked as well.
 */
export function isGatewayReady(client: Client): boolean {
  return (
    client.isReady() &&
    client.ws.shards.size > 0 &&
    client.ws.shards.every((shard) => shard.status === Status.Ready)
  );
}
