import { toIso, type DbTime } from '../rows.js';
import type { DownvotedRow, ReportStore } from '../types.js';
import type { PgContext } from './connection.js';

/** The maintainers' report on PostgreSQL: the same groups and order as on SQLite. */
export function createPgReports({ pool }: PgContext): ReportStore {
  return {
    async unansweredQuestions(limit = 20) {
      const { rows } = await pool.query<{ question: string; count: number; last_asked_at: DbTime }>(
        `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
                   AND q2.outcome = 'out_of_scope' ORDER BY q2.id DESC LIMIT 1) AS question,
                COUNT(*)::int AS count, MAX(created_at) AS last_asked_at
         FROM question_log q WHERE outcome = 'out_of_scope'
         GROUP BY normalized ORDER BY count DESC, last_asked_at DESC LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({
        question: row.question,
        count: row.count,
        lastAskedAt: toIso(row.last_asked_at),
      }));
    },
    async downvotedAnswers(limit = 20) {
      const { rows } = await pool.query<DownvotedRow>(
        `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
                   ORDER BY q2.id DESC LIMIT 1) AS question,
                (SELECT q3.answer FROM question_log q3 JOIN feedback f3 ON f3.answer_id = q3.id
                   WHERE q3.normalized = q.normalized AND f3.vote = -1 ORDER BY q3.id DESC LIMIT 1) AS answer,
                COUNT(*) FILTER (WHERE f.vote = -1)::int AS "downVotes",
                COUNT(*) FILTER (WHERE f.vote = 1)::int AS "upVotes"
         FROM feedback f JOIN question_log q ON q.id = f.answer_id
         GROUP BY q.normalized HAVING COUNT(*) FILTER (WHERE f.vote = -1) > 0
         ORDER BY "downVotes" DESC, "upVotes" ASC LIMIT $1`,
        [limit],
      );
      return rows;
    },
  };
}
