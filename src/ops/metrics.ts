import { hashCorpus } from '../index/manifest.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a question ended; the outcomes of the question log, `refused` aside (see observeRefusal). */
export type AnswerOutcome = 'answered' | 'out_of_scope' | 'pinned' | 'invalid' | 'error';

/** Why a question was turned away before the guide saw it. */
export type RefusalReason = 'channel' | 'empty' | 'too_long' | 'cooldown' | 'shutting_down';

/** Trouble with Discord that an operator may want an alert on. */
export type DiscordErrorKind = 'client_error' | 'shard_error' | 'invalidated' | 'rate_limited';

/** Changes of a gateway connection (see src/discord/lifecycle.ts). */
export type GatewayEvent = 'disconnected' | 'reconnecting' | 'resumed';

/**
 * The bot's Prometheus metrics, in a registry of their own (no global state: two bots in one process,
 * or two tests, never share counts). Process metrics (CPU, memory, event-loop lag, GC, handles) come
 * from prom-client's default collectors.
 */
export interface Metrics {
  readonly registry: Registry;
  /** A question got an answer (or failed): counts it and records how long it took. */
  observeAnswer(outcome: AnswerOutcome, seconds: number): void;
  /** A question was refused by the abuse limits or because the bot is stopping. */
  observeRefusal(reason: RefusalReason): void;
  countDiscordError(kind: DiscordErrorKind): void;
  countGatewayEvent(event: GatewayEvent, shard: number | string): void;
  /** The index serving now; replaces the previous one in `guidebot_index_info`. */
  setIndex(index: { buildId: string; files: Readonly<Record<string, string>> }): void;
  countIndexReload(result: 'reloaded' | 'failed'): void;
  /** The shard this process runs (sharding comes later; "0" until then). */
  setShard(shard: number | string): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Answer latency buckets, in seconds: a pinned answer takes milliseconds, an extractive one tens to
 * hundreds of milliseconds, a model-written one seconds.
 */
export const ANSWER_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Builds the metrics in a fresh registry; nothing is exported until something scrapes it. */
export function createMetrics(options: { shard?: number | string } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const questions = new Counter({
    name: 'guidebot_questions_total',
    help: 'Questions the bot handled: answered, failed or refused (answers_total + refusals_total).',
    registers,
  });
  const answers = new Counter({
    name: 'guidebot_answers_total',
    help: 'Questions that reached answering, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const refusals = new Counter({
    name: 'guidebot_refusals_total',
    help: 'Questions turned away before answering (channel not allowed, empty, too long, cooldown, shutting down).',
    labelNames: ['reason'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'guidebot_answer_seconds',
    help: 'Time from an accepted question to its answer (pin match or guide), in seconds.',
    labelNames: ['outcome'] as const,
    buckets: ANSWER_SECONDS_BUCKETS,
    registers,
  });
  const discordErrors = new Counter({
    name: 'guidebot_discord_errors_total',
    help: 'Discord client errors, shard errors, invalidated sessions and REST rate limits.',
    labelNames: ['kind'] as const,
    registers,
  });
  const gatewayEvents = new Counter({
    name: 'guidebot_gateway_events_total',
    help: 'Gateway disconnects, reconnect attempts and resumed sessions, by shard.',
    labelNames: ['event', 'shard'] as const,
    registers,
  });
  const indexInfo = new Gauge({
    name: 'guidebot_index_info',
    help: 'The index serving now (value 1): its build id and a hash of the corpus files it was built from.',
    labelNames: ['build_id', 'corpus_hash'] as const,
    registers,
  });
  const indexReloads = new Counter({
    name: 'guidebot_index_reloads_total',
    help: 'Switches to a newly ingested index, by result (a failed one leaves the previous index serving).',
    labelNames: ['result'] as const,
    registers,
  });
  const shardInfo = new Gauge({
    name: 'guidebot_shard_info',
    help: 'The Discord shard this process runs (value 1).',
    labelNames: ['shard'] as const,
    registers,
  });
  shardInfo.set({ shard: String(options.shard ?? 0) }, 1);

  return {
    registry,
    observeAnswer(outcome, seconds) {
      questions.inc();
      answers.inc({ outcome });
      answerSeconds.observe({ outcome }, seconds);
    },
    observeRefusal(reason) {
      questions.inc();
      refusals.inc({ reason });
    },
    countDiscordError(kind) {
      discordErrors.inc({ kind });
    },
    countGatewayEvent(event, shard) {
      gatewayEvents.inc({ event, shard: String(shard) });
    },
    setIndex(index) {
      indexInfo.reset();
      indexInfo.set({ build_id: index.buildId, corpus_hash: hashCorpus(index.files) }, 1);
    },
    countIndexReload(result) {
      indexReloads.inc({ result });
    },
    setShard(shard) {
      shardInfo.reset();
      shardInfo.set({ shard: String(shard) }, 1);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
