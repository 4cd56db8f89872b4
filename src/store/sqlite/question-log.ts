import { normalizeQuestion } from '../normalize.js';
import { toLoggedAnswer, type QuestionRow } from '../rows.js';
import type { QuestionLogStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** The question log on SQLite. */
export function createSqliteQuestionLog({ db, now }: SqliteContext): QuestionLogStore {
  const insert = db.prepare(
    `INSERT INTO question_log (question, normalized, outcome, answer, citations_json, pin_id, user_id,
       guild_id, channel_id, interaction_id, message_id, created_at)
     VALUES (@question, @normalized, @outcome, @answer, @citations, @pinId, @userId,
       @guildId, @channelId, @interactionId, @messageId, @createdAt)`,
  );
  const setMessage = db.prepare('UPDATE question_log SET message_id = ? WHERE id = ?');
  const setOutcome = db.prepare('UPDATE question_log SET outcome = ? WHERE id = ?');
  const byId = db.prepare('SELECT * FROM question_log WHERE id = ?');
  const previous = db.prepare(
    `SELECT question FROM question_log
     WHERE channel_id = ? AND id < ? AND outcome IN ('answered', 'out_of_scope', 'pinned')
     ORDER BY id DESC LIMIT 1`,
  );
  return {
    async logQuestion(entry) {
      const result = insert.run({
        question: entry.question,
        normalized: normalizeQuestion(entry.question),
        outcome: entry.outcome,
        answer: entry.answer ?? null,
        citations: JSON.stringify(entry.citations ?? []),
        pinId: entry.pinId ?? null,
        userId: entry.userId,
        guildId: entry.guildId ?? null,
        channelId: entry.channelId ?? null,
        interactionId: entry.interactionId ?? null,
        messageId: entry.messageId ?? null,
        createdAt: now().toISOString(),
      });
      return Number(result.lastInsertRowid);
    },
    async setAnswerMessage(answerId, messageId) {
      setMessage.run(messageId, answerId);
    },
    async setOutcome(answerId, outcome) {
      setOutcome.run(outcome, answerId);
    },
    async getAnswer(answerId) {
      const row = byId.get(answerId) as QuestionRow | undefined;
      return row ? toLoggedAnswer(row) : undefined;
    },
    async previousQuestion(channelId, beforeId) {
      const row = previous.get(channelId, beforeId ?? Number.MAX_SAFE_INTEGER) as
        { question: string } | undefined;
      return row?.question;
    },
  };
}
