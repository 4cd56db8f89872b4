import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * Every setting the project reads, parsed once from the environment. This is the only module that
 * reads `process.env`; everything else receives a `Config` (or a slice of it) as a parameter.
 * Every key is documented in `.env.example`.
 */

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim().length > 0 ? value.trim() : undefined));

const optionalUrl = optionalString.pipe(z.string().url().optional());

const boolFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  // Paths
  CORPUS_DIR: z.string().default('corpus'),
  INDEX_DIR: z.string().default('data/index'),
  DATABASE_PATH: z.string().default('data/guidebot.sqlite'),
  // PostgreSQL (issue 10): when set, the bot's database is this server instead of DATABASE_PATH.
  // The refusal never quotes the value: it holds a password.
  DATABASE_URL: optionalString.refine(
    (value) => value === undefined || /^postgres(?:ql)?:\/\//i.test(value),
    {
      message: 'must start with postgres:// or postgresql://',
    },
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  // Question-log retention (issue 9): questions older than this many days, and beyond this many rows,
  // are deleted hourly with their votes; 0 turns that limit off.
  QUESTION_LOG_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  QUESTION_LOG_MAX_ROWS: z.coerce.number().int().min(0).default(100_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Retrieval and answering
  MAX_QUESTION_LENGTH: z.coerce.number().int().min(20).max(4000).default(500),
  ANSWER_MAX_CHARS: z.coerce.number().int().min(200).max(4000).default(600),
  RETRIEVAL_TOP_K: z.coerce.number().int().min(1).max(20).default(5),
  CHUNK_SIZE: z.coerce.number().int().min(200).max(8000).default(900),
  CHUNK_OVERLAP: z.coerce.number().int().min(0).max(2000).default(100),

  // Embeddings
  EMBEDDINGS_PROVIDER: z.enum(['use-lite', 'openai', 'ollama']).default('use-lite'),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
  /**
   * use-lite in the bot: worker threads for the encoder; empty = one per core but one (at least one:
   * the main thread needs a core for retrieval and Discord, and each thread holds its own model,
   * about 110 MB), 0 = on the main thread.
   */
  EMBEDDINGS_WORKERS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(() => Math.max(1, availableParallelism() - 1)),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_EMBEDDINGS_MODEL: z.string().default('text-embedding-3-small'),
  OLLAMA_BASE_URL: z.string().url().default('http://127.0.0.1:11434'),
  OLLAMA_EMBEDDINGS_MODEL: z.string().default('nomic-embed-text'),
  /** Retries (exponential backoff with jitter, honouring Retry-After) per hosted embedding request. */
  EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  /** Per-request timeout for hosted / local-server embedders. */
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),

  // Model-written answers
  ANSWER_MODE: z.enum(['extractive', 'llm']).default('extractive'),
  LLM_PROVIDER: z.enum(['openai', 'ollama']).default('openai'),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(20_000),
  LLM_MAX_TOKENS: z.coerce.number().int().min(16).max(8192).default(400),
  /** Retries of a failed model call; kept small because the extractive answer is the fallback. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),

  // Discord
  DISCORD_TOKEN: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalUrl,
  GUIDE_URL: optionalUrl,
  MODERATOR_ROLE_IDS: csv,
  ALLOWED_CHANNEL_IDS: csv,
  COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  PRIVATE_BY_DEFAULT: boolFlag,
  /**
   * An answer ready within this many ms of the interaction's arrival is sent in one response; a slower
   * one is deferred first (Discord requires a first response within 3 s).
   */
  REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(2500).default(1500),
  /** With more questions than this being answered at once, a new one is deferred at once (bursts). */
  REPLY_DEFER_ABOVE: z.coerce.number().int().min(0).max(1000).default(4),
  // Discord bot (issue 3): cosine similarity at which a later question reuses a pinned answer
  // (normalized-text equality always matches); see src/store/pin-matcher.ts.
  PIN_MATCH_THRESHOLD: z.coerce.number().min(0.5).max(1).default(0.85),
  /**
   * Whose pins and taught questions answer a question: `server` (each server its own; DMs every
   * server's) or `all` (every server's everywhere: one community over several servers).
   */
  TEACHING_SCOPE: z.enum(['server', 'all']).default('server'),

  // Operations (issue 9): /healthz, /readyz and /metrics over HTTP; off unless HEALTH_PORT is set.
  HEALTH_PORT: optionalString.pipe(z.coerce.number().int().min(0).max(65535).optional()),
  HEALTH_HOST: z.string().trim().min(1).default('127.0.0.1'),

  // Sharding (`npm run start:sharded`, src/shard-manager.ts); see src/discord/shards.ts.
  /** Total shards: `auto` (Discord's recommendation) or a number; unset = one unsharded process. */
  SHARD_COUNT: optionalString.pipe(
    z
      .union([z.literal('auto'), z.coerce.number().int().min(1).max(65_535)], {
        errorMap: () => ({ message: 'auto, or a whole number of shards from 1' }),
      })
      .optional(),
  ),
  /** The shards this machine runs (comma list); empty = all of them. Needs a numeric SHARD_COUNT. */
  SHARD_IDS: csv.pipe(z.array(z.coerce.number().int().min(0))),
  /** Set by discord.js's ShardingManager in each shard process (its shard id, or a JSON list); not a setting. */
  SHARDS: optionalString.pipe(
    z
      .string()
      .regex(/^\[?\s*\d+(\s*,\s*\d+)*\s*\]?$/, 'a shard id or a JSON list of shard ids')
      .transform((value) => (value.match(/\d+/g) ?? []).map(Number))
      .optional(),
  ),
});

/** SHARD_IDS splits a fixed total across machines, so it needs a number of shards every machine agrees on. */
function checkShardSettings(
  env: { SHARD_COUNT?: 'auto' | number | undefined; SHARD_IDS: number[] },
  ctx: z.RefinementCtx,
): void {
  if (env.SHARD_IDS.length === 0) return;
  if (typeof env.SHARD_COUNT !== 'number') {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SHARD_IDS'],
      message: 'needs SHARD_COUNT set to a number (the total across all machines), not auto or unset',
    });
    return;
  }
  const outside = env.SHARD_IDS.filter((id) => id >= (env.SHARD_COUNT as number));
  if (outside.length > 0)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SHARD_IDS'],
      message: `shard ids ${outside.join(', ')} are not below SHARD_COUNT (${env.SHARD_COUNT})`,
    });
}

/** The parsed, frozen settings. */
export type Config = Readonly<z.infer<typeof EnvSchema>>;

/** A setting with a bad value; the message names the key and never echoes secret values. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly keys: string[],
  ) {
    super(message);
  }
}

/**
 * Parses the environment into a `Config`. Pass `process.env` at the composition root (after dotenv),
 * or a plain object in tests.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.superRefine(checkShardSettings).safeParse(env);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((issue) => String(issue.path[0] ?? '?'));
    const detail = parsed.error.issues
      .map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid settings in .env: ${detail}`, keys);
  }
  return Object.freeze(parsed.data);
}
