/**
 * `npm run ingest` as a function of its arguments, environment and streams, so tests run it in-process
 * (scripts/ingest.ts adds only the process: dotenv, signals, the exit code).
 *
 * Every failure is ONE line naming the setting or file (`--json`: one JSON object
 * `{"error": {"code", "message"}}` on stdout instead); detail and stack go to the log at debug level.
 * The settings and the corpus folder are checked before the embedder and the index code load.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { Embedder } from '../core/embedder.js';
import type { QuestionWriter } from '../core/types.js';
import { describeMissingChatModel } from '../providers/chat/model-settings.js';
import { isPipelineError } from '../core/errors.js';
import { createLogger, type Logger } from '../logger.js';
import { checkCorpusDir } from './corpus.js';
import { createProgressLine, formatSummary } from './progress.js';

/** Exit codes besides the 128 + signal number the entry script uses for an interrupt. */
export const EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usage: 2 });

export const INGEST_USAGE = [
  'Usage: npm run ingest [-- --json] [--generate-questions]',
  'Builds the index from CORPUS_DIR into INDEX_DIR (settings from the environment and .env).',
  '  --json                print the summary, or the error, as one JSON object on stdout',
  '  --generate-questions  have the chat model (LLM_PROVIDER, LLM_MODEL) write 3 questions for each',
  '                        section that has none yet; stored with the index and kept while the',
  "                        section's text is unchanged",
  '  -h, --help            print this help',
].join('\n');

export interface IngestCommandIo {
  /** The arguments after the script name. */
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  /** Progress (on a terminal) and failure lines for people. */
  stderr: NodeJS.WriteStream;
  /** Aborted by the entry script on SIGINT / SIGTERM; ingestion stops between batches and cleans up. */
  signal?: AbortSignal;
  /** Test seam; by default the embedder `EMBEDDINGS_PROVIDER` names, loaded after the inputs are checked. */
  createEmbeddings?: (config: Config, logger: Logger) => Embedder;
  /** Test seam for `--generate-questions`; by default the chat model `LLM_PROVIDER` names. */
  createQuestionWriter?: (config: Config, logger: Logger) => QuestionWriter;
}

/** A failure as printed: a code for machines, one sentence for people. */
interface Failure {
  code: string;
  message: string;
}

/** Runs one ingestion; resolves to the exit code (never rejects). */
export async function runIngestCommand(io: IngestCommandIo): Promise<number> {
  // Known before parsing, so even a usage error can answer in JSON when --json was asked for.
  const wantsJson = io.argv.includes('--json');
  const fail = (failure: Failure, exitCode: number = EXIT_CODES.failed): number => {
    const message = failure.message.replace(/\s*\n\s*/g, ' ').trim();
    if (wantsJson) io.stdout.write(`${JSON.stringify({ error: { code: failure.code, message } })}\n`);
    else io.stderr.write(`Ingestion failed: ${message}\n`);
    return exitCode;
  };

  let json: boolean;
  let generateQuestions: boolean;
  try {
    const { values } = parseArgs({
      args: [...io.argv],
      options: {
        json: { type: 'boolean' },
        'generate-questions': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(`${INGEST_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    json = values.json === true;
    generateQuestions = values['generate-questions'] === true;
  } catch (error) {
    return fail({ code: 'USAGE', message: describeUsageError(error) }, EXIT_CODES.usage);
  }

  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    return fail({ code: 'CONFIG_INVALID', message: (error as Error).message });
  }
  const missingModel =
    generateQuestions && !io.createQuestionWriter ? describeMissingChatModel(config) : undefined;
  if (missingModel) return fail({ code: 'CHAT_MODEL_MISSING', message: missingModel }, EXIT_CODES.usage);
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const progress = createProgressLine(io.stderr);
  try {
    await checkCorpusDir(config.CORPUS_DIR);
    io.signal?.throwIfAborted();
    // The heavy modules (LangChain, hnswlib, the embedders) load only once the inputs are known good.
    const create =
      io.createEmbeddings ?? (await import('../providers/embeddings/create-embeddings.js')).createEmbeddings;
    const embeddings = create(config, logger);
    const questionWriter = generateQuestions
      ? (
          io.createQuestionWriter ??
          (await import('../providers/chat/create-question-writer.js')).createQuestionWriter
        )(config, logger)
      : undefined;
    const { ingestCorpus } = await import('./ingest.js');
    const summary = await ingestCorpus({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      embeddings,
      chunkSize: config.CHUNK_SIZE,
      chunkOverlap: config.CHUNK_OVERLAP,
      batchSize: config.EMBEDDINGS_BATCH_SIZE,
      logger,
      onProgress: (event) => {
        progress.update(event);
        logger.debug({ progress: event }, 'ingestion progress');
      },
      ...(io.signal ? { signal: io.signal } : {}),
      ...(questionWriter ? { questionWriter } : {}),
    });
    progress.clear();
    io.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    progress.clear();
    logger.debug({ err: error }, 'ingestion failed');
    if (isPipelineError(error)) return fail({ code: error.code, message: error.message });
    if (error instanceof ConfigError) return fail({ code: 'CONFIG_INVALID', message: error.message });
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'UNEXPECTED', message: `Unexpected error: ${message}` });
  }
}

/** parseArgs's errors explain how to pass a positional starting with '-': one short line is enough. */
function describeUsageError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  const usage = 'Usage: npm run ingest [-- --json] [--generate-questions]';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${quoted ?? message}. ${usage}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `Unexpected argument ${quoted ?? message}. ${usage}`;
  return `${message.split('\n')[0]} ${usage}`;
}
