import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import {
  describeServer,
  describeUrl,
  fetchWithTimeout,
  openAIApiKey,
} from '../embeddings/create-embeddings.js';
import { callWithRetries } from '../retry.js';
import { PipelineError } from '../../core/errors.js';
import type { AnswerWriter, RetrievedPassage } from '../../core/types.js';
import { buildAnswerMessages } from '../../core/answering/prompt.js';
import { describeProviderError } from '../provider-errors.js';

/** The settings a chat model is made from (answers and `--generate-questions` alike). */
export type ChatModelConfig = Pick<
  Config,
  | 'LLM_PROVIDER'
  | 'LLM_MODEL'
  | 'LLM_TEMPERATURE'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_MAX_TOKENS'
  | 'LLM_MAX_RETRIES'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OLLAMA_BASE_URL'
>;

type LlmConfig = ChatModelConfig & Pick<Config, 'ANSWER_MODE' | 'ANSWER_MAX_CHARS'>;

/**
 * Builds the answer writer for `ANSWER_MODE=llm`, or returns undefined in the default extractive mode.
 * Nothing connects here; the first request goes out with the first question.
 *
 * @throws ConfigError when `LLM_PROVIDER=openai` has neither OPENAI_API_KEY nor OPENAI_BASE_URL.
 */
export function createAnswerWriter(config: LlmConfig, logger: Logger): AnswerWriter | undefined {
  if (config.ANSWER_MODE !== 'llm') return undefined;
  const name = `${config.LLM_PROVIDER}:${config.LLM_MODEL}`;
  const baseURL =
    config.LLM_PROVIDER === 'openai'
      ? (describeUrl(config.OPENAI_BASE_URL) ?? 'api.openai.com')
      : describeUrl(config.OLLAMA_BASE_URL);
  logger.info({ writer: name, baseURL, timeoutMs: config.LLM_TIMEOUT_MS }, 'answer writer');
  if (config.LLM_PROVIDER === 'ollama' && /^(gpt-|o\d)/.test(config.LLM_MODEL)) {
    // LLM_MODEL defaults to an OpenAI name; Ollama would answer 404 to every question.
    logger.warn(
      { model: config.LLM_MODEL },
      'LLM_MODEL looks like an OpenAI model; set it to an Ollama model, e.g. LLM_MODEL=llama3.2',
    );
  }
  return new ChatAnswerWriter({
    model: createChatModel(config),
    name,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxChars: config.ANSWER_MAX_CHARS,
    maxRetries: config.LLM_MAX_RETRIES,
    logger,
    secrets: config.OPENAI_API_KEY ? [config.OPENAI_API_KEY] : [],
    server:
      config.LLM_PROVIDER === 'ollama'
        ? describeServer('OLLAMA_BASE_URL', config.OLLAMA_BASE_URL)
        : describeServer('OPENAI_BASE_URL', config.OPENAI_BASE_URL),
  });
}

/**
 * The chat model chosen by `LLM_PROVIDER`. `openai` speaks the OpenAI chat-completions API, so with
 * `OPENAI_BASE_URL` it also drives llama.cpp's server, vLLM, LM Studio or Ollama's `/v1`.
 */
export function createChatModel(config: ChatModelConfig): BaseChatModel {
  if (config.LLM_PROVIDER === 'ollama') {
    return new ChatOllama({
      model: config.LLM_MODEL,
      baseUrl: config.OLLAMA_BASE_URL,
      temperature: config.LLM_TEMPERATURE,
      numPredict: config.LLM_MAX_TOKENS,
      maxRetries: 0, // the writer retries (see ChatAnswerWriter)
      // The ollama client passes no signal to the request that opens the stream, so a server that never
      // answers would hang it; this fetch gives up after the same budget the writer has.
      fetch: fetchWithTimeout(config.LLM_TIMEOUT_MS),
    });
  }
  return new ChatOpenAI({
    model: config.LLM_MODEL,
    apiKey: openAIApiKey(config, 'ANSWER_MODE=llm with LLM_PROVIDER=openai'),
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {},
    temperature: config.LLM_TEMPERATURE,
    maxTokens: config.LLM_MAX_TOKENS,
    timeout: config.LLM_TIMEOUT_MS,
    maxRetries: 0, // the writer retries (see ChatAnswerWriter)
    // Some OpenAI-compatible servers reject `stream_options`; token usage is not needed here.
    streamUsage: false,
  });
}

export interface ChatAnswerWriterOptions {
  model: BaseChatModel;
  /** For logs and the eval report, e.g. "openai:gpt-4o-mini". */
  name: string;
  /** Whole-answer budget, streaming included. */
  timeoutMs: number;
  /** Target answer length told to the model. */
  maxChars: number;
  /**
   * Retries of a failure before any text arrived (429, 5xx, connection refused), only while the wait
   * fits in the time budget. Default 0.
   */
  maxRetries?: number;
  /** First retry wait (default 500 ms, doubling, or the server's Retry-After when longer). */
  retryBaseDelayMs?: number;
  logger: Logger;
  /** Values scrubbed from any error kept as a cause (a server may echo the API key in a 401 body). */
  secrets?: readonly string[];
  /** The setting that points at the server, quoted in failures, e.g. `OLLAMA_BASE_URL=http://…`. */
  server?: string;
}

/**
 * Writes an answer with a LangChain chat model: builds the grounded prompt, streams the reply (calling
 * `onPartial` with the text so far), retries a failed start when that can still finish in time, and
 * turns every failure (timeout, cancel, 401, 429, malformed
 * stream, empty reply) into `PipelineError('LLM_FAILED')` with a short reason, so the core can fall back
 * to the extractive answer.
 */
export class ChatAnswerWriter implements AnswerWriter {
  readonly name: string;
  private readonly options: ChatAnswerWriterOptions;

  constructor(options: ChatAnswerWriterOptions) {
    this.name = options.name;
    this.options = options;
  }

  async write(input: {
    question: string;
    passages: readonly RetrievedPassage[];
    signal?: AbortSignal;
    onPartial?: (text: string) => void;
  }): Promise<string> {
    const { timeoutMs, maxChars, logger } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    const startedAt = Date.now();
    const messages = buildAnswerMessages(input.question, input.passages, { maxChars });
    const deadline = Date.now() + timeoutMs;
    let text = '';
    try {
      return await callWithRetries(
        async () => {
          text = '';
          return await this.stream(messages, signal, (soFar) => {
            text = soFar;
            notify(input.onPartial, soFar, logger);
          });
        },
        {
          maxRetries: this.options.maxRetries ?? 0,
          baseDelayMs: this.options.retryBaseDelayMs ?? 500,
          maxDelayMs: timeoutMs,
          deadline,
          signal,
          // Once a reader has seen text, a second attempt would rewrite it under their eyes.
          canRetry: () => text === '' && !signal.aborted,
          onRetry: ({ attempt, delayMs, failure }) =>
            logger.warn(
              { writer: this.name, attempt, delayMs, status: failure.status, reason: failure.reason },
              'model request failed; retrying',
            ),
        },
      );
    } catch (error) {
      if (error instanceof PipelineError) throw error;
      const failure = describeProviderError(error, { timeoutMs, signal, server: this.options.server });
      logger.debug(
        {
          writer: this.name,
          kind: failure.kind,
          status: failure.status,
          ms: Date.now() - startedAt,
          receivedChars: text.length,
        },
        'model answer failed',
      );
      throw new PipelineError('LLM_FAILED', failure.reason, {
        cause: scrubSecrets(error, this.options.secrets ?? []),
      });
    }
  }

  /** One attempt: streams the reply, reporting the text so far, and returns it trimmed. */
  private async stream(
    messages: BaseMessage[],
    signal: AbortSignal,
    onText: (soFar: string) => void,
  ): Promise<string> {
    let text = '';
    const stream = await untilAborted(this.options.model.stream(messages, { signal }), signal);
    const chunks = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await untilAborted(chunks.next(), signal);
        if (next.done) break;
        const piece = chunkText(next.value);
        if (!piece) continue;
        text += piece;
        onText(text);
      }
    } finally {
      // Stops the HTTP stream when we leave early; not awaited, a stuck stream must not hold us.
      void chunks.return?.().catch(() => undefined);
    }
    // LangChain's stream loops end quietly when the signal fires; that is still a failure here.
    signal.throwIfAborted();
    if (!text.trim()) throw new PipelineError('LLM_FAILED', 'the model returned an empty answer');
    return text.trim();
  }
}

/** Rejects as soon as `signal` aborts, even when the client ignores the signal (see createChatModel). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function chunkText(chunk: AIMessageChunk): string {
  const { content } = chunk;
  if (typeof content === 'string') return content;
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** A failing progress callback (e.g. a Discord edit) must not cost the answer. */
function notify(onPartial: ((text: string) => void) | undefined, text: string, logger: Logger): void {
  if (!onPartial) return;
  try {
    onPartial(text);
  } catch (error) {
    logger.debug({ err: error }, 'onPartial threw; ignored');
  }
}

/**
 * Returns `error` itself, or, when its message (or its API body) contains a secret, a plain copy with the
 * secret masked, so logging the PipelineError's cause cannot leak the key.
 */
export function scrubSecrets(error: unknown, secrets: readonly string[]): unknown {
  const usable = secrets.filter((s) => s.length >= 6);
  if (usable.length === 0 || typeof error !== 'object' || error === null) return error;
  let serialized: string;
  try {
    serialized = `${String((error as Error).message)} ${JSON.stringify(error)}`;
  } catch {
    serialized = String((error as Error).message);
  }
  if (!usable.some((secret) => serialized.includes(secret))) return error;
  let message = String((error as Error).message ?? '');
  for (const secret of usable) message = message.split(secret).join('[redacted]');
  const copy = new Error(message);
  copy.name = String((error as Error).name ?? 'Error');
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') Object.assign(copy, { status });
  return copy;
}
