import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Citation } from '../../src/core/types.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';

const citation: Citation = {
  n: 1,
  chunkId: 'guide.md#salary:0',
  source: 'guide.md',
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'how-much-is-the-salary',
  score: 0.9,
  quote: 'The median salary is $40,000.',
};

describe('Store', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function tempPath(): string {
    const dir = mkdtempSync(join(tmpdir(), 'guidebot-store-'));
    dirs.push(dir);
    return join(dir, 'nested', 'data', 'guidebot.sqlite');
  }
  function open(path = ':memory:'): Store {
    const store = openSqliteStore(path);
    stores.push(store);
    return store;
  }

  it('creates the data folder and the file on first start and records the schema version', () => {
    const path = tempPath();
    open(path).close();
    expect(existsSync(path)).toBe(true);
    const db = new BetterSqlite3(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database whose schema is newer than the code', () => {
    const path = tempPath();
    open(path).close();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this guidebot/);
  });

  it('keeps pins across reopening the same file', () => {
    const path = tempPath();
    const first = open(path);
    const pin = first.addPin({
      question: 'What is the salary?',
      answer: 'About $40,000 [1].',
      citations: [citation],
      guildId: 'g1',
      channelId: 'c1',
      messageId: 'm1',
      pinnedBy: 'mod',
      questionEmbedding: [0.5, 0.5],
    });
    first.close();
    const second = open(path);
    const [again] = second.activePins('g1');
    expect(again).toMatchObject({
      id: pin.id,
      answer: 'About $40,000 [1].',
      pinnedBy: 'mod',
      questionEmbedding: [0.5, 0.5],
    });
    expect(again?.citations[0]?.anchor).toBe('how-much-is-the-salary');
  });

  it('logs a question with its answer and citations so buttons work later', () => {
    const store = open();
    const id = store.logQuestion({
      question: 'What is the salary?',
      outcome: 'answered',
      answer: 'About $40,000 [1].',
      citations: [citation],
      userId: 'u1',
      guildId: 'g1',
      channelId: 'c1',
      interactionId: 'i1',
    });
    store.setAnswerMessage(id, 'm9');
    expect(store.getAnswer(id)).toMatchObject({
      question: 'What is the salary?',
      messageId: 'm9',
      outcome: 'answered',
    });
    expect(store.getAnswer(id)?.citations).toEqual([citation]);
  });

  it('keeps one vote per member per answer, and lets the member change it', () => {
    const store = open();
    const id = store.logQuestion({ question: 'q', outcome: 'answered', answer: 'a', userId: 'u1' });
    expect(store.recordFeedback(id, 'u2', 1)).toBe('recorded');
    expect(store.recordFeedback(id, 'u2', 1)).toBe('unchanged');
    expect(store.recordFeedback(id, 'u2', -1)).toBe('changed');
    expect(store.recordFeedback(id, 'u3', -1)).toBe('recorded');
    expect(store.feedbackFor(id)).toEqual({ up: 0, down: 2 });
  });

  it('gives the previous question in the same thread only', () => {
    const store = open();
    store.logQuestion({ question: 'What is the salary?', outcome: 'answered', userId: 'u', channelId: 't1' });
    store.logQuestion({ question: 'Other thread', outcome: 'answered', userId: 'u', channelId: 't2' });
    store.logQuestion({ question: 'too long', outcome: 'invalid', userId: 'u', channelId: 't1' });
    const followUp = store.logQuestion({
      question: 'and in hospitals?',
      outcome: 'answered',
      userId: 'u',
      channelId: 't1',
    });
    expect(store.previousQuestion('t1', followUp)).toBe('What is the salary?');
    expect(store.previousQuestion('t3')).toBeUndefined();
  });

  it('removes a pin once, and removed pins no longer count as active', () => {
    const store = open();
    const pin = store.addPin({
      question: 'q',
      answer: 'a',
      channelId: 'c',
      messageId: 'm',
      pinnedBy: 'mod',
      guildId: 'g',
    });
    expect(store.activePinForMessage('m')?.id).toBe(pin.id);
    expect(store.removePin(pin.id, 'mod2')?.removedAt).toBeDefined();
    expect(store.removePin(pin.id, 'mod2')).toBeUndefined();
    expect(store.activePins('g')).toEqual([]);
    expect(store.activePinForMessage('m')).toBeUndefined();
  });

  it('reports unanswered questions and down-voted answers, most frequent first', () => {
    const store = open();
    for (const q of [
      'Can I work from the moon?',
      'can i work from the MOON',
      'Who won the 1998 World Cup?',
    ]) {
      store.logQuestion({ question: q, outcome: 'out_of_scope', userId: 'u' });
    }
    store.logQuestion({ question: 'What is the salary?', outcome: 'answered', answer: 'a', userId: 'u' });
    const a1 = store.logQuestion({
      question: 'Where can I work?',
      outcome: 'answered',
      answer: 'Hospitals.',
      userId: 'u',
    });
    const a2 = store.logQuestion({
      question: 'where can i work',
      outcome: 'answered',
      answer: 'Clinics.',
      userId: 'u',
    });
    const b = store.logQuestion({
      question: 'What skills?',
      outcome: 'answered',
      answer: 'Typing.',
      userId: 'u',
    });
    store.recordFeedback(a1, 'x', -1);
    store.recordFeedback(a2, 'y', -1);
    store.recordFeedback(b, 'x', -1);
    store.recordFeedback(b, 'z', 1);

    const unanswered = store.unansweredQuestions();
    expect(unanswered.map((r) => r.count)).toEqual([2, 1]);
    expect(unanswered[0]?.question).toBe('can i work from the MOON');
    const down = store.downvotedAnswers();
    expect(down.map((r) => [r.question, r.downVotes, r.upVotes])).toEqual([
      ['where can i work', 2, 0],
      ['What skills?', 1, 1],
    ]);
    expect(down[0]?.answer).toBe('Clinics.');
  });
});
