import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../../config.js';
import type { EmbedderInfo } from '../../core/types.js';
import { RemoteEmbeddings } from './remote-embeddings.js';
import type { Embedder } from '../../core/embedder.js';
import { UseLiteEmbeddings } from './use-lite.js';
import { UseLitePoolEmbeddings } from './use-lite-pool.js';

/** Vector lengths of OpenAI's own embedding models (at their default `dimensions`). */
export const OPENAI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = Object.freeze({
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
});

/** Test seams; production code passes nothing. */
export interface CreateEmbeddingsOptions {
  /** First retry wait for hosted embedders (default 500 ms). */
  retryBaseDelayMs?: number;
  /**
   * use-lite only: run the encoder on this many worker threads (the bot passes EMBEDDINGS_WORKERS;
   * close it with `closeEmbeddings`). Absent or 0: on the main thread, which a one-shot CLI wants, since
   * starting the threads costs more than it saves for one question.
   */
  workers?: number;
}

type EmbeddingsConfig = Pick<
  Config,
  | 'EMBEDDINGS_PROVIDER'
  | 'EMBEDDINGS_BATCH_SIZE'
  | 'EMBEDDINGS_MAX_RETRIES'
  | 'EMBEDDINGS_TIMEOUT_MS'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_EMBEDDINGS_MODEL'
  | 'OLLAMA_BASE_URL'
  | 'OLLAMA_EMBEDDINGS_MODEL'
>;

/**
 * Builds the embedder chosen by `EMBEDDINGS_PROVIDER`. Nothing connects here: `use-lite` loads its
 * model on first use, and hosted embedders send their first request on first use.
 *
 * Hosted / local-server embedders (`openai`, `ollama`) are `RemoteEmbeddings`: batched by
 * `EMBEDDINGS_BATCH_SIZE`, retried `EMBEDDINGS_MAX_RETRIES` times with backoff, counted in
 * `requestCount`. Their `info.dimensions` may be 0 until known; call `resolveEmbedderInfo` before
 * writing or checking an index manifest.
 *
 * @throws ConfigError when `openai` is chosen without OPENAI_API_KEY and without OPENAI_BASE_URL.
 */
export function createEmbeddings(
  config: EmbeddingsConfig,
  logger: Logger,
  options: CreateEmbeddingsOptions = {},
): Embedder {
  const retry = {
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    maxRetries: config.EMBEDDINGS_MAX_RETRIES,
    logger,
    ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
  };
  switch (config.EMBEDDINGS_PROVIDER) {
    case 'use-lite':
      return options.workers
        ? new UseLitePoolEmbeddings({
            workers: options.workers,
            batchSize: config.EMBEDDINGS_BATCH_SIZE,
            logger,
          })
        : new UseLiteEmbeddings({ batchSize: config.EMBEDDINGS_BATCH_SIZE });
    case 'openai': {
      const model = config.OPENAI_EMBEDDINGS_MODEL;
      const inner = new OpenAIEmbeddings({
        model,
        apiKey: openAIApiKey(config, 'EMBEDDINGS_PROVIDER=openai'),
        configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {},
        batchSize: config.EMBEDDINGS_BATCH_SIZE,
        timeout: config.EMBEDDINGS_TIMEOUT_MS,
        maxRetries: 0,
      });
      logger.info(
        { provider: 'openai', model, baseURL: describeUrl(config.OPENAI_BASE_URL) ?? 'api.openai.com' },
        'embeddings provider',
      );
      // A table hit only when talking to OpenAI itself: a local server may reuse a name for another model.
      const known = config.OPENAI_BASE_URL ? undefined : OPENAI_EMBEDDING_DIMENSIONS[model];
      return new RemoteEmbeddings({
        inner,
        provider: 'openai',
        model,
        server: describeServer('OPENAI_BASE_URL', config.OPENAI_BASE_URL),
        ...(known ? { dimensions: known } : {}),
        ...retry,
      });
    }
    case 'ollama': {
      const model = config.OLLAMA_EMBEDDINGS_MODEL;
      const inner = new OllamaEmbeddings({
        model,
        baseUrl: config.OLLAMA_BASE_URL,
        maxRetries: 0,
        fetch: fetchWithTimeout(config.EMBEDDINGS_TIMEOUT_MS),
      });
      logger.info(
        { provider: 'ollama', model, baseURL: describeUrl(config.OLLAMA_BASE_URL) },
        'embeddings provider',
      );
      return new RemoteEmbeddings({
        inner,
        provider: 'ollama',
        model,
        server: describeServer('OLLAMA_BASE_URL', config.OLLAMA_BASE_URL),
        ...retry,
      });
    }
  }
}

/**
 * The embedder's `info` with `dimensions` filled in: for a hosted embedder whose vector length is not
 * known yet this embeds one probe string (once). Use it before writing or comparing a manifest.
 */
export async function resolveEmbedderInfo(embeddings: Embedder): Promise<EmbedderInfo> {
  if (embeddings.info.dimensions > 0) return embeddings.info;
  const init = (embeddings as { init?: () => Promise<EmbedderInfo> }).init;
  return init ? init.call(embeddings) : embeddings.info;
}

/**
 * The API key to send to an OpenAI-compatible server. Local servers (llama.cpp, vLLM, LM Studio,
 * Ollama's /v1) ignore it but the openai SDK refuses to start without one, hence the placeholder.
 */
export function openAIApiKey(
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>,
  chosenBy: string,
): string {
  if (config.OPENAI_API_KEY) return config.OPENAI_API_KEY;
  if (config.OPENAI_BASE_URL) return 'not-needed';
  throw new ConfigError(
    `${chosenBy} needs OPENAI_API_KEY in .env (or OPENAI_BASE_URL pointing at a local OpenAI-compatible server).`,
    ['OPENAI_API_KEY'],
  );
}

/** A base URL safe to log: origin and path, never user:password. */
export function describeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Where a provider's server is configured, for failure messages: `OLLAMA_BASE_URL=http://…`. */
export function describeServer(
  setting: 'OLLAMA_BASE_URL' | 'OPENAI_BASE_URL',
  url: string | undefined,
): string {
  return url ? `${setting}=${describeUrl(url)}` : `api.openai.com; ${setting} is not set`;
}

/** The ollama client takes no timeout; a fetch that gives up after `ms` does the job. */
export function fetchWithTimeout(ms: number, signal?: AbortSignal): typeof fetch {
  return (input, init) => {
    const signals = [
      AbortSignal.timeout(ms),
      ...(init?.signal ? [init.signal] : []),
      ...(signal ? [signal] : []),
    ];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
