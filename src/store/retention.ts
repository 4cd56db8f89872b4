import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { RetentionStore } from './types.js';

/** How often the bot prunes the question log: hourly keeps each run small. */
export const LOG_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Options of `startLogRetention` (tests shorten the interval). */
export interface LogRetentionOptions {
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Prunes the question log once now and then every `intervalMs` (issue 9), keeping
 * QUESTION_LOG_MAX_AGE_DAYS days and at most QUESTION_LOG_MAX_ROWS questions. The timer does not keep
 * the process alive, a run never overlaps the previous one, and a failed run is logged and tried again
 * at the next interval. Returns a function that stops the timer, asks a running prune to stop after
 * its current batch, and resolves once it has (call it before closing the store).
 */
export function startLogRetention(
  store: RetentionStore,
  config: Pick<Config, 'QUESTION_LOG_MAX_AGE_DAYS' | 'QUESTION_LOG_MAX_ROWS'>,
  logger: Logger,
  options: LogRetentionOptions = {},
): () => Promise<void> {
  const maxAgeDays = config.QUESTION_LOG_MAX_AGE_DAYS;
  const maxRows = config.QUESTION_LOG_MAX_ROWS;
  if (maxAgeDays === 0 && maxRows === 0) {
    logger.info('question log retention is off (QUESTION_LOG_MAX_AGE_DAYS and QUESTION_LOG_MAX_ROWS are 0)');
    return () => Promise.resolve();
  }
  const controller = new AbortController();
  let running: Promise<void> | undefined;

  const prune = (): void => {
    if (running || controller.signal.aborted) return;
    running = (async () => {
      const started = Date.now();
      try {
        const deleted = await store.pruneQuestionLog({
          maxAgeDays,
          maxRows,
          signal: controller.signal,
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        });
        const detail = { deleted, maxAgeDays, maxRows, ms: Date.now() - started };
        if (deleted > 0) logger.info(detail, 'question log pruned');
        else logger.debug(detail, 'question log pruned: nothing to delete');
      } catch (error) {
        // The timer is a boundary: nobody awaits it, so the failure is logged here and the next run
        // tries again. A database that stays down shows in the answers' own errors too.
        logger.warn({ err: error }, 'could not prune the question log; trying again at the next interval');
      } finally {
        running = undefined;
      }
    })();
  };

  prune();
  const timer = setInterval(prune, options.intervalMs ?? LOG_RETENTION_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    controller.abort();
    await running;
  };
}
