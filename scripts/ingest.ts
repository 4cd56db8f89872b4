/**
 * `npm run ingest [-- --json]`: builds the index from CORPUS_DIR into INDEX_DIR. Progress goes to
 * stderr on a terminal; the summary to stdout (as one JSON object with --json). Exit 1 on any error,
 * with the previous index left as it was.
 */
import 'dotenv/config';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { isGuideError } from '../src/core/errors.js';
import { createEmbeddings } from '../src/providers/embeddings/create-embeddings.js';
import { ingestCorpus } from '../src/ingest/ingest.js';
import { createProgressLine, formatSummary } from '../src/ingest/progress.js';

const json = process.argv.includes('--json');
const config = loadConfig(process.env);
const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
const progress = createProgressLine(process.stderr);
const controller = new AbortController();
// Ctrl-C stops between batches and releases the lock; the previous index keeps serving.
process.once('SIGINT', () =>
  controller.abort(new Error('Interrupted (Ctrl-C); the previous index is unchanged.')),
);
process.once('SIGTERM', () => controller.abort(new Error('Terminated; the previous index is unchanged.')));

try {
  const summary = await ingestCorpus({
    corpusDir: config.CORPUS_DIR,
    indexDir: config.INDEX_DIR,
    embeddings: createEmbeddings(config, logger),
    chunkSize: config.CHUNK_SIZE,
    chunkOverlap: config.CHUNK_OVERLAP,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    logger,
    onProgress: progress.update,
    signal: controller.signal,
  });
  progress.clear();
  process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
} catch (error) {
  progress.clear();
  const message = error instanceof Error ? error.message : String(error);
  if (json)
    process.stdout.write(
      `${JSON.stringify({ error: { code: isGuideError(error) ? error.code : 'UNEXPECTED', message } })}\n`,
    );
  process.stderr.write(`Ingestion failed: ${message}\n`);
  if (!isGuideError(error)) logger.error({ err: error }, 'Ingestion failed');
  process.exitCode = 1;
}
