import type { FeedbackResult, FeedbackStore } from '../types.js';
import { withTransaction, type PgContext } from './connection.js';

/** Votes on PostgreSQL. */
export function createPgFeedback({ pool, now }: PgContext): FeedbackStore {
  return {
    recordFeedback(answerId, userId, vote) {
      // Read and write in one transaction, as on SQLite, so the result describes this vote.
      return withTransaction(pool, async (client): Promise<FeedbackResult> => {
        const previous = await client.query<{ vote: number }>(
          'SELECT vote FROM feedback WHERE answer_id = $1 AND user_id = $2 FOR UPDATE',
          [answerId, userId],
        );
        const before = previous.rows[0]?.vote;
        if (before === vote) return 'unchanged';
        const at = now();
        await client.query(
          `INSERT INTO feedback (answer_id, user_id, vote, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
          [answerId, userId, vote, at],
        );
        return before === undefined ? 'recorded' : 'changed';
      });
    },
    async feedbackFor(answerId) {
      const { rows } = await pool.query<{ up: number; down: number }>(
        `SELECT COUNT(*) FILTER (WHERE vote = 1)::int AS up, COUNT(*) FILTER (WHERE vote = -1)::int AS down
         FROM feedback WHERE answer_id = $1`,
        [answerId],
      );
      return { up: rows[0]?.up ?? 0, down: rows[0]?.down ?? 0 };
    },
  };
}
