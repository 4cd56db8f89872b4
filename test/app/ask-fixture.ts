import { afterEach } from 'vitest';
import { createAskService } from '../../src/app/ask-service.js';
import { createSilentLogger } from '../../src/logger.js';
import type { AnswerResult, AskOptions, Citation } from '../../src/core/types.js';
import { createPinMatcher } from '../../src/store/pin-matcher.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';

const citation: Citation = {
  n: 1,
  chunkId: 'guide.md#salary:0',
  source: 'guide.md',
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'salary',
  score: 1,
  quote: 'The average salary is $44,460 per year.',
};

/** A guide that answers from a table and counts what it was asked. */
export class CountingGuide {
  readonly asked: { question: string; context: string | undefined; taught: number }[] = [];
  listSections() {
    return [
      {
        heading: 'How much is the salary?',
        headingPath: 'Guide › How much is the salary?',
        anchor: 'salary',
        source: 'guide.md',
      },
      {
        heading: 'Are there opportunities for remote work?',
        headingPath: 'Guide › Remote',
        anchor: 'remote',
        source: 'guide.md',
      },
      {
        heading: 'What skills should they have?',
        headingPath: 'Guide › Skills',
        anchor: 'skills',
        source: 'guide.md',
      },
    ];
  }
  sentencesOf(section: { anchor: string }): string[] {
    return section.anchor === 'remote'
      ? ['Remote work is possible for some tasks.', '**Some roles** are fully remote.']
      : [];
  }
  fail = false;
  /** The section keys of the lessons each question was asked with. */
  readonly taughtKeys: string[][] = [];
  /** The answer sentences of the lessons each question was asked with. */
  readonly taughtAnswers: (string | undefined)[][] = [];
  async answer(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    this.asked.push({ question, context: options.context, taught: options.taught?.length ?? 0 });
    this.taughtKeys.push((options.taught ?? []).map((t) => t.sectionKey));
    this.taughtAnswers.push((options.taught ?? []).map((t) => t.answer));
    if (this.fail) throw new Error('the guide broke');
    return {
      question,
      answer: 'The average salary is $44,460 per year. [1]',
      grounded: true,
      outcome: 'answered',
      citations: [citation],
      suggestions: [],
      mode: 'extractive',
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    };
  }
  async cite(): Promise<Citation[]> {
    return [citation];
  }
}

export const where = { userId: 'u1', guildId: 'g1', channelId: 'c1', inThread: false };

/** The stores `setup` opened, closed after each test of the file that imports it. */
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** An ask service over a fresh in-memory SQLite store and a `CountingGuide`. */
export function setup(version?: () => string, teachingScope?: 'server' | 'all') {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const guide = new CountingGuide();
  const pins = createPinMatcher({ store });
  const asker = createAskService({
    guide,
    store,
    pins,
    embed: async (text: string) => [text.length, 1, 0],
    logger: createSilentLogger(),
    ...(version ? { version } : {}),
    ...(teachingScope ? { teachingScope } : {}),
  });
  return { store, guide, asker };
}
