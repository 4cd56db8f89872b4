import type { Citation } from '../../src/core/types.js';
import type { Store } from '../../src/store/types.js';

/** A new, empty database for one test, and a way to open more instances on it (another process, say). */
export interface FreshStore {
  /** The first instance, already open and migrated. */
  store: Store;
  /** Opens another instance on the same database, as a second bot process would. */
  openAnother(options?: FreshStoreOptions): Promise<Store>;
  /** Closes every instance opened from it and removes the database. */
  dispose(): Promise<void>;
}

export interface FreshStoreOptions {
  /** The store's clock. */
  now?: () => Date;
}

/** Gives each test of a contract its own empty database, disposed after the test. */
export type OpenFixture = (options?: FreshStoreOptions) => Promise<FreshStore>;

export const citation: Citation = {
  n: 1,
  chunkId: 'guide.md#salary:0',
  source: 'guide.md',
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'how-much-is-the-salary',
  score: 0.9,
  quote: 'The median salary is $40,000.',
};
