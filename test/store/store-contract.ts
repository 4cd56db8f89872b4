import { afterEach, describe, expect, it } from 'vitest';
import type { FreshStore, FreshStoreOptions } from './contract-fixtures.js';
import { describePinContract } from './pin-contract.js';
import { describeQuestionLogContract } from './question-log-contract.js';
import { describeReportContract } from './report-contract.js';
import { describeRetentionContract } from './retention-contract.js';
import { describeTaughtQuestionContract } from './taught-question-contract.js';

export { citation, type FreshStore, type FreshStoreOptions } from './contract-fixtures.js';

/**
 * The behaviour every `Store` must have, whatever the engine. `openFreshStore` gives each test its own
 * empty database; the same assertions then hold for SQLite and PostgreSQL.
 */
export function describeStoreContract(
  name: string,
  openFreshStore: (options?: FreshStoreOptions) => Promise<FreshStore>,
): void {
  describe(`${name} store contract`, () => {
    const fixtures: FreshStore[] = [];
    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.dispose();
    });
    async function fresh(options?: FreshStoreOptions): Promise<FreshStore> {
      const fixture = await openFreshStore(options);
      fixtures.push(fixture);
      return fixture;
    }

    describeQuestionLogContract(fresh);
    describePinContract(fresh);

    it('keeps everything after the instance is closed and another is opened', async () => {
      const { store, openAnother } = await fresh();
      const id = await store.logQuestion({ question: 'q', outcome: 'answered', answer: 'a', userId: 'u' });
      await store.recordFeedback(id, 'u2', -1);
      await store.addPin({ question: 'q', answer: 'a', channelId: 'c', messageId: 'm', pinnedBy: 'mod' });
      await store.close();
      await store.close(); // closing twice is harmless
      const again = await openAnother();
      expect((await again.getAnswer(id))?.answer).toBe('a');
      expect(await again.feedbackFor(id)).toEqual({ up: 0, down: 1 });
      expect(await again.activePins()).toHaveLength(1);
    });

    describeTaughtQuestionContract(fresh);
    describeRetentionContract(fresh);
    describeReportContract(fresh);
  });
}
