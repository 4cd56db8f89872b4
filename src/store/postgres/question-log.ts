import { normalizeQuestion } from '../normalize.js';
import { toLoggedAnswer, type QuestionRow } from '../rows.js';
import type { QuestionLogStore } from '../types.js';
import type { PgContext } from './connection.js';

/** The question log on PostgreSQL. */
export function createPgQuestionLog({ pool, now }: PgContext): QuestionLogStore {
  return {
    async logQuestion(entry) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO question_log (question, normalized, outcome, answer, citations_json, pin_id, user_id,
           guild_id, channel_id, interaction_id, message_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          entry.question,
          normalizeQuestion(entry.question),
          entry.outcome,
          entry.answer ?? null,
          JSON.stringify(entry.citations ?? []),
          entry.pinId ?? null,
          entry.userId,
          entry.guildId ?? null,
          entry.channelId ?? null,
          entry.interactionId ?? null,
          entry.messageId ?? null,
          now(),
        ],
      );
      return Number(rows[0]?.id);
    },
    async setAnswerMessage(answerId, messageId) {
      await pool.query('UPDATE question_log SET message_id = $1 WHERE id = $2', [messageId, answerId]);
    },
    async setOutcome(answerId, outcome) {
      await pool.query('UPDATE question_log SET outcome = $1 WHERE id = $2', [outcome, answerId]);
    },
    async getAnswer(answerId) {
      const { rows } = await pool.query<QuestionRow>('SELECT * FROM question_log WHERE id = $1', [answerId]);
      return rows[0] ? toLoggedAnswer(rows[0]) : undefined;
    },
    async previousQuestion(channelId, beforeId) {
      const { rows } = await pool.query<{ question: string }>(
        `SELECT question FROM question_log
         WHERE channel_id = $1 AND id < $2 AND outcome IN ('answered', 'out_of_scope', 'pinned')
         ORDER BY id DESC LIMIT 1`,
        [channelId, beforeId ?? Number.MAX_SAFE_INTEGER],
      );
      return rows[0]?.question;
    },
  };
}
