import { normalizeQuestion } from '../normalize.js';
import { toPin, type PinRow } from '../rows.js';
import type { PinRecord, PinStore } from '../types.js';
import type { PgContext } from './connection.js';

/** Moderator pins on PostgreSQL. Every call reads the table: a pin made by another process counts at once. */
export function createPgPins({ pool, now }: PgContext): PinStore {
  return {
    async addPin(pin) {
      const { rows } = await pool.query<PinRow>(
        `INSERT INTO pins (question, normalized_question, question_embedding, answer, citations_json, guild_id,
           channel_id, message_id, answer_id, pinned_by, pinned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          pin.question,
          normalizeQuestion(pin.question),
          pin.questionEmbedding ? Array.from(pin.questionEmbedding) : null,
          pin.answer,
          JSON.stringify(pin.citations ?? []),
          pin.guildId ?? null,
          pin.channelId,
          pin.messageId,
          pin.answerId ?? null,
          pin.pinnedBy,
          now(),
        ],
      );
      return toPin(rows[0] as PinRow);
    },
    async getPin(id) {
      const { rows } = await pool.query<PinRow>('SELECT * FROM pins WHERE id = $1', [id]);
      return rows[0] ? toPin(rows[0]) : undefined;
    },
    async activePins(guildId) {
      const { rows } = guildId
        ? await pool.query<PinRow>(
            'SELECT * FROM pins WHERE removed_at IS NULL AND guild_id = $1 ORDER BY id DESC',
            [guildId],
          )
        : await pool.query<PinRow>('SELECT * FROM pins WHERE removed_at IS NULL ORDER BY id DESC');
      return rows.map(toPin);
    },
    async activePinForMessage(messageId) {
      const { rows } = await pool.query<PinRow>(
        'SELECT * FROM pins WHERE message_id = $1 AND removed_at IS NULL ORDER BY id DESC LIMIT 1',
        [messageId],
      );
      return rows[0] ? toPin(rows[0]) : undefined;
    },
    async removePin(id, removedBy): Promise<PinRecord | undefined> {
      const { rows } = await pool.query<PinRow>(
        `UPDATE pins SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL RETURNING *`,
        [now(), removedBy, id],
      );
      return rows[0] ? toPin(rows[0]) : undefined;
    },
  };
}
