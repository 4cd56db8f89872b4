import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createEmbeddings } from '../core/embeddings/create-embeddings.js';
import { isGuideError } from '../core/errors.js';
import { readCurrentBuildId } from '../index/layout.js';
import { checkStale } from '../index/stale.js';
import { openGuide, type Guide } from '../core/guide.js';
import { createAnswerWriter } from '../core/llm/create-answer-writer.js';
import { ingestCorpus } from '../ingest/ingest.js';
import { formatSummary } from '../ingest/progress.js';

/**
 * Opens the guide for a command-line tool. With no index yet it builds one first (and says so); with a
 * corpus that changed since the last ingestion it warns that the index is stale. Messages for people go
 * to stderr so stdout stays clean for `--json`.
 */
export async function openGuideForCli(
  config: Config,
  logger: Logger,
  say: (line: string) => void,
): Promise<Guide> {
  const embeddings = createEmbeddings(config, logger);
  if (!readCurrentBuildId(config.INDEX_DIR)) {
    say(
      `No index in ${config.INDEX_DIR} yet: building it from ${config.CORPUS_DIR} first (one time, about 15 s)…`,
    );
    const summary = await ingestCorpus({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      embeddings,
      chunkSize: config.CHUNK_SIZE,
      chunkOverlap: config.CHUNK_OVERLAP,
      batchSize: config.EMBEDDINGS_BATCH_SIZE,
      logger,
    });
    say(formatSummary(summary));
  } else {
    try {
      const stale = await checkStale(config.INDEX_DIR, config.CORPUS_DIR);
      if (stale.stale) {
        say(
          `Warning: the corpus changed since the last ingestion (${stale.changed.join(', ')}); answers come from the old index. Run \`npm run ingest\` to update it.`,
        );
      }
    } catch (error) {
      // CORPUS_MISSING / CORPUS_UNREADABLE: say so (not "the corpus changed"); answers still work.
      if (isGuideError(error)) say(`Warning: ${error.message} Answers come from the existing index.`);
      else logger.debug({ err: error }, 'could not check whether the index is stale');
    }
  }
  const writer = createAnswerWriter(config, logger);
  return openGuide({ config, embeddings, logger, ...(writer ? { writer } : {}) });
}

/** A short sentence for people, whatever went wrong; the detail goes to the log. */
export function describeFailure(error: unknown): string {
  if (isGuideError(error)) return error.message;
  if (error instanceof Error && error.name === 'ConfigError') return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
