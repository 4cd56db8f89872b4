import { normalizeQuestion } from '../normalize.js';
import { toTaughtQuestion, type TaughtQuestionRow } from '../rows.js';
import type { TaughtQuestionStore } from '../types.js';
import type { PgContext } from './connection.js';

/** Taught questions on PostgreSQL. */
export function createPgTaughtQuestions({ pool, now }: PgContext): TaughtQuestionStore {
  return {
    async addTaughtQuestion(taught) {
      const { rows } = await pool.query<TaughtQuestionRow>(
        `INSERT INTO taught_questions (question, normalized_question, question_embedding, section_source,
           section_anchor, section_heading, answer, guild_id, taught_by, taught_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          taught.question,
          normalizeQuestion(taught.question),
          taught.questionEmbedding ? Array.from(taught.questionEmbedding) : null,
          taught.section.source,
          taught.section.anchor,
          taught.section.heading,
          taught.answer ?? null,
          taught.guildId ?? null,
          taught.taughtBy,
          now(),
        ],
      );
      return toTaughtQuestion(rows[0] as TaughtQuestionRow);
    },
    async activeTaughtQuestions(guildId) {
      const { rows } = guildId
        ? await pool.query<TaughtQuestionRow>(
            'SELECT * FROM taught_questions WHERE removed_at IS NULL AND guild_id = $1 ORDER BY id DESC',
            [guildId],
          )
        : await pool.query<TaughtQuestionRow>(
            'SELECT * FROM taught_questions WHERE removed_at IS NULL ORDER BY id DESC',
          );
      return rows.map(toTaughtQuestion);
    },
    async removeTaughtQuestion(id, removedBy) {
      const { rows } = await pool.query<TaughtQuestionRow>(
        `UPDATE taught_questions SET removed_at = $1, removed_by = $2
         WHERE id = $3 AND removed_at IS NULL RETURNING *`,
        [now(), removedBy, id],
      );
      return rows[0] ? toTaughtQuestion(rows[0]) : undefined;
    },
  };
}
