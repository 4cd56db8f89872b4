import { normalizeQuestion } from '../normalize.js';
import { toTaughtQuestion, type TaughtQuestionRow } from '../rows.js';
import type { TaughtQuestion, TaughtQuestionStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** Taught questions on SQLite. */
export function createSqliteTaughtQuestions({ db, now }: SqliteContext): TaughtQuestionStore {
  const insert = db.prepare(
    `INSERT INTO taught_questions (question, normalized_question, question_embedding, section_source,
       section_anchor, section_heading, answer, guild_id, taught_by, taught_at)
     VALUES (@question, @normalized, @embedding, @source, @anchor, @heading, @answer, @guildId, @taughtBy,
       @taughtAt)`,
  );
  const byId = db.prepare('SELECT * FROM taught_questions WHERE id = ?');
  const activeInGuild = db.prepare(
    'SELECT * FROM taught_questions WHERE removed_at IS NULL AND guild_id = ? ORDER BY id DESC',
  );
  const activeAll = db.prepare('SELECT * FROM taught_questions WHERE removed_at IS NULL ORDER BY id DESC');
  const remove = db.prepare(
    'UPDATE taught_questions SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL',
  );

  const read = (id: number): TaughtQuestion | undefined => {
    const row = byId.get(id) as TaughtQuestionRow | undefined;
    return row ? toTaughtQuestion(row) : undefined;
  };
  return {
    async addTaughtQuestion(taught) {
      const result = insert.run({
        question: taught.question,
        normalized: normalizeQuestion(taught.question),
        embedding: taught.questionEmbedding ? JSON.stringify(Array.from(taught.questionEmbedding)) : null,
        source: taught.section.source,
        anchor: taught.section.anchor,
        heading: taught.section.heading,
        answer: taught.answer ?? null,
        guildId: taught.guildId ?? null,
        taughtBy: taught.taughtBy,
        taughtAt: now().toISOString(),
      });
      return read(Number(result.lastInsertRowid)) as TaughtQuestion;
    },
    async activeTaughtQuestions(guildId) {
      const rows = (guildId ? activeInGuild.all(guildId) : activeAll.all()) as TaughtQuestionRow[];
      return rows.map(toTaughtQuestion);
    },
    async removeTaughtQuestion(id, removedBy) {
      const result = remove.run(now().toISOString(), removedBy, id);
      return result.changes > 0 ? read(id) : undefined;
    },
  };
}
