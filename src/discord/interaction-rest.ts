import { REST, type RESTOptions } from 'discord.js';

/** How often handlers with nothing queued are dropped. */
const HANDLER_SWEEP_MS = 5_000;
/** Interaction tokens live 15 minutes; a bucket hash for one is no use after that. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

/**
 * The REST client for an interaction's webhook (editing a deferred answer into its original response),
 * apart from the client's own. Those requests are authenticated by the interaction's token and, in
 * Discord's words, "not bound to the application's Global Rate Limit"; discord.js's client REST still
 * counts them against its 50 requests/s global limiter, so under a burst every deferred answer waited
 * its turn behind the others (a minimal defer + edit bot measured 50 answers/s, p50 1 s). Here the
 * global limiter is off; per-route buckets and 429 retry-after are still honoured as discord.js does.
 * Every token is its own route with its own handler, so idle handlers are swept every few seconds,
 * not every hour: at a thousand answers a second the hourly sweep held millions of them (a 100,000-question
 * soak grew RSS by 23 MB/min with a 60 s sweep).
 */
export function createInteractionRest(options: Partial<RESTOptions>): REST {
  return new REST({
    ...options,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    handlerSweepInterval: HANDLER_SWEEP_MS,
    hashSweepInterval: 60_000,
    hashLifetime: TOKEN_LIFETIME_MS,
  });
}
