import type { FeedbackResult, FeedbackStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** Votes on SQLite. */
export function createSqliteFeedback({ db, now }: SqliteContext): FeedbackStore {
  const previousVote = db.prepare('SELECT vote FROM feedback WHERE answer_id = ? AND user_id = ?');
  const upsert = db.prepare(
    `INSERT INTO feedback (answer_id, user_id, vote, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
  );
  const votes = db.prepare(
    `SELECT COALESCE(SUM(vote = 1), 0) AS up, COALESCE(SUM(vote = -1), 0) AS down FROM feedback WHERE answer_id = ?`,
  );
  // Read and write in one transaction, so the result ('changed' or 'recorded') describes this vote.
  const record = db.transaction((answerId: number, userId: string, vote: 1 | -1): FeedbackResult => {
    const previous = previousVote.get(answerId, userId) as { vote: number } | undefined;
    if (previous?.vote === vote) return 'unchanged';
    const at = now().toISOString();
    upsert.run(answerId, userId, vote, at, at);
    return previous ? 'changed' : 'recorded';
  });
  return {
    async recordFeedback(answerId, userId, vote) {
      return record(answerId, userId, vote);
    },
    async feedbackFor(answerId) {
      const row = votes.get(answerId) as { up: number; down: number };
      return { up: row.up, down: row.down };
    },
  };
}
