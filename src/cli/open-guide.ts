import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { isPipelineError } from '../core/errors.js';
import type { Guide } from '../core/guide.js';
import { openGuideParts, type GuideOpenEvent } from '../app/wiring.js';

/**
 * Opens the guide for a command-line tool through the application wiring: with no index yet it builds
 * one first (and says so); with a corpus that changed since the last ingestion it warns that the index
 * is stale. Messages for people go to `say` (stderr) so stdout stays clean for `--json`.
 */
export async function openGuideForCli(
  config: Config,
  logger: Logger,
  say: (line: string) => void,
): Promise<Guide> {
  const { guide } = await openGuideParts(config, logger, {
    buildIfMissing: true,
    report: (event) => say(describeOpenEvent(event)),
  });
  return guide;
}

function describeOpenEvent(event: GuideOpenEvent): string {
  switch (event.kind) {
    case 'building':
      return `No index in ${event.indexDir} yet: building it from ${event.corpusDir} first (one time, about 30 s on two cores)…`;
    case 'built':
      return event.summary;
    case 'stale':
      return `Warning: the corpus changed since the last ingestion (${event.changed.join(', ')}); answers come from the old index. Run \`npm run ingest\` to update it.`;
    case 'corpus-unavailable':
      return `Warning: ${event.message} Answers come from the existing index.`;
  }
}

/** A short sentence for people, whatever went wrong; the detail goes to the log. */
export function describeFailure(error: unknown): string {
  if (isPipelineError(error)) return error.message;
  if (
    error instanceof Error &&
    ['ConfigError', 'InputFileError', 'UsageError', 'StoreError'].includes(error.name)
  )
    return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
