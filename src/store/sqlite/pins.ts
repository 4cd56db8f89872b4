import { normalizeQuestion } from '../normalize.js';
import { toPin, type PinRow } from '../rows.js';
import type { PinRecord, PinStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** Moderator pins on SQLite. */
export function createSqlitePins({ db, now }: SqliteContext): PinStore {
  const insert = db.prepare(
    `INSERT INTO pins (question, normalized_question, question_embedding, answer, citations_json, guild_id,
       channel_id, message_id, answer_id, pinned_by, pinned_at)
     VALUES (@question, @normalized, @embedding, @answer, @citations, @guildId, @channelId, @messageId,
       @answerId, @pinnedBy, @pinnedAt)`,
  );
  const byId = db.prepare('SELECT * FROM pins WHERE id = ?');
  const activeInGuild = db.prepare(
    'SELECT * FROM pins WHERE removed_at IS NULL AND guild_id = ? ORDER BY id DESC',
  );
  const activeAll = db.prepare('SELECT * FROM pins WHERE removed_at IS NULL ORDER BY id DESC');
  const activeForMessage = db.prepare(
    'SELECT * FROM pins WHERE message_id = ? AND removed_at IS NULL ORDER BY id DESC LIMIT 1',
  );
  const remove = db.prepare(
    'UPDATE pins SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL',
  );

  const readPin = (id: number): PinRecord | undefined => {
    const row = byId.get(id) as PinRow | undefined;
    return row ? toPin(row) : undefined;
  };
  return {
    async addPin(pin) {
      const result = insert.run({
        question: pin.question,
        normalized: normalizeQuestion(pin.question),
        embedding: pin.questionEmbedding ? JSON.stringify(Array.from(pin.questionEmbedding)) : null,
        answer: pin.answer,
        citations: JSON.stringify(pin.citations ?? []),
        guildId: pin.guildId ?? null,
        channelId: pin.channelId,
        messageId: pin.messageId,
        answerId: pin.answerId ?? null,
        pinnedBy: pin.pinnedBy,
        pinnedAt: now().toISOString(),
      });
      return readPin(Number(result.lastInsertRowid)) as PinRecord;
    },
    async getPin(id) {
      return readPin(id);
    },
    async activePins(guildId) {
      const rows = (guildId ? activeInGuild.all(guildId) : activeAll.all()) as PinRow[];
      return rows.map(toPin);
    },
    async activePinForMessage(messageId) {
      const row = activeForMessage.get(messageId) as PinRow | undefined;
      return row ? toPin(row) : undefined;
    },
    async removePin(id, removedBy) {
      const result = remove.run(now().toISOString(), removedBy, id);
      return result.changes > 0 ? readPin(id) : undefined;
    },
  };
}
