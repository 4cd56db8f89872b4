import { planPrune } from '../prune-plan.js';
import type { RetentionStore } from '../types.js';
import { withTransaction, type PgContext } from './connection.js';

/** Question-log retention on PostgreSQL. */
export function createPgRetention({ pool, now }: PgContext): RetentionStore {
  /** One batch in one transaction; returns how many questions it deleted. */
  const deleteBatch = (olderThan: Date | null, upToId: string, limit: number) =>
    withTransaction(pool, async (client) => {
      // SKIP LOCKED: a row another process is writing now (or another pruner holds) waits for the next
      // run rather than making either wait.
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM question_log WHERE created_at < $1 OR id <= $2
         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [olderThan, upToId, limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await client.query('UPDATE pins SET answer_id = NULL WHERE answer_id = ANY($1::bigint[])', [ids]);
      await client.query('DELETE FROM feedback WHERE answer_id = ANY($1::bigint[])', [ids]);
      const deleted = await client.query('DELETE FROM question_log WHERE id = ANY($1::bigint[])', [ids]);
      return deleted.rowCount ?? 0;
    });

  return {
    async pruneQuestionLog(options) {
      const plan = planPrune(options, now());
      let upToId = '0';
      if (options.maxRows > 0) {
        // The newest question that is over the row limit: it and every older one go.
        const { rows } = await pool.query<{ id: string }>(
          'SELECT id FROM question_log ORDER BY id DESC LIMIT 1 OFFSET $1',
          [options.maxRows],
        );
        upToId = rows[0]?.id ?? '0';
      }
      let deleted = 0;
      while (!options.signal?.aborted) {
        const count = await deleteBatch(plan.olderThan ?? null, upToId, plan.batchSize);
        deleted += count;
        if (count < plan.batchSize) break;
      }
      return deleted;
    },
  };
}
