import type { DownvotedRow, ReportRow, ReportStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** The maintainers' report on SQLite. */
export function createSqliteReports({ db }: SqliteContext): ReportStore {
  const unanswered = db.prepare(
    `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
               AND q2.outcome = 'out_of_scope' ORDER BY q2.id DESC LIMIT 1) AS question,
            COUNT(*) AS count, MAX(created_at) AS lastAskedAt
     FROM question_log q WHERE outcome = 'out_of_scope'
     GROUP BY normalized ORDER BY count DESC, lastAskedAt DESC LIMIT ?`,
  );
  const downvoted = db.prepare(
    `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
               ORDER BY q2.id DESC LIMIT 1) AS question,
            (SELECT q3.answer FROM question_log q3 JOIN feedback f3 ON f3.answer_id = q3.id
               WHERE q3.normalized = q.normalized AND f3.vote = -1 ORDER BY q3.id DESC LIMIT 1) AS answer,
            SUM(f.vote = -1) AS downVotes, SUM(f.vote = 1) AS upVotes
     FROM feedback f JOIN question_log q ON q.id = f.answer_id
     GROUP BY q.normalized HAVING downVotes > 0
     ORDER BY downVotes DESC, upVotes ASC LIMIT ?`,
  );
  return {
    async unansweredQuestions(limit = 20) {
      return unanswered.all(limit) as ReportRow[];
    },
    async downvotedAnswers(limit = 20) {
      return downvoted.all(limit) as DownvotedRow[];
    },
  };
}
