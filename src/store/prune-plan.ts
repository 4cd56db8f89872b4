import type { PruneOptions } from './types.js';

/** Rows deleted per transaction when the caller does not say. */
export const DEFAULT_PRUNE_BATCH_SIZE = 500;

/** What a prune deletes, worked out once before the first batch. */
export interface PrunePlan {
  /** Questions logged before this instant go; undefined when age is no limit. */
  olderThan: Date | undefined;
  batchSize: number;
}

/** Turns `PruneOptions` into a plan, checking the numbers (a negative limit is a bug, not "keep all"). */
export function planPrune(options: PruneOptions, now: Date): PrunePlan {
  const batchSize = options.batchSize ?? DEFAULT_PRUNE_BATCH_SIZE;
  for (const [key, value] of Object.entries({ maxAgeDays: options.maxAgeDays, maxRows: options.maxRows })) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be 0 or more, got ${value}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a whole number of at least 1, got ${batchSize}`);
  const olderThan =
    options.maxAgeDays > 0 ? new Date(now.getTime() - options.maxAgeDays * 86_400_000) : undefined;
  return { olderThan, batchSize };
}

/** Lets other work (an answer's query) run between two batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
