import { planPrune, yieldToEventLoop } from '../prune-plan.js';
import type { RetentionStore } from '../types.js';
import type { SqliteContext } from './connection.js';

/** Question-log retention on SQLite. */
export function createSqliteRetention({ db, now }: SqliteContext): RetentionStore {
  // The newest question that is over the row limit: it and every older one go.
  const overLimit = db.prepare('SELECT id FROM question_log ORDER BY id DESC LIMIT 1 OFFSET ?');
  const candidates = db.prepare(
    'SELECT id FROM question_log WHERE created_at < @olderThan OR id <= @upToId ORDER BY id LIMIT @limit',
  );
  // Ids travel as one JSON array parameter (json_each), so a batch is three statements whatever its size.
  const unlinkPins = db.prepare(
    'UPDATE pins SET answer_id = NULL WHERE answer_id IN (SELECT value FROM json_each(?))',
  );
  const deleteVotes = db.prepare('DELETE FROM feedback WHERE answer_id IN (SELECT value FROM json_each(?))');
  const deleteQuestions = db.prepare('DELETE FROM question_log WHERE id IN (SELECT value FROM json_each(?))');
  const deleteBatch = db.transaction((olderThan: string, upToId: number, limit: number): number => {
    const ids = (candidates.all({ olderThan, upToId, limit }) as { id: number }[]).map((row) => row.id);
    if (ids.length === 0) return 0;
    const json = JSON.stringify(ids);
    unlinkPins.run(json);
    deleteVotes.run(json);
    return deleteQuestions.run(json).changes;
  });

  return {
    async pruneQuestionLog(options) {
      const plan = planPrune(options, now());
      // '' sorts before every ISO timestamp, so no question is "older" than it.
      const olderThan = plan.olderThan?.toISOString() ?? '';
      const upToId =
        options.maxRows > 0 ? ((overLimit.get(options.maxRows) as { id: number } | undefined)?.id ?? 0) : 0;
      let deleted = 0;
      while (!options.signal?.aborted) {
        // better-sqlite3 blocks the event loop while a batch runs: batches stay small and the loop
        // gets a turn between them, so answers interleave with a long prune.
        const count = deleteBatch(olderThan, upToId, plan.batchSize);
        deleted += count;
        if (count < plan.batchSize) break;
        await yieldToEventLoop();
      }
      return deleted;
    },
  };
}
