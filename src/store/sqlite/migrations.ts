import type { Database } from 'better-sqlite3';
import { describeCause, StoreError } from '../errors.js';

/**
 * The schema, as an ordered list of migrations. Migration n (1-based) moves the database from
 * `user_version` n-1 to n; append new ones at the end and never edit a released one, so a database
 * created by any earlier version upgrades in place.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: question log, feedback, pins
  `
  CREATE TABLE question_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    question        TEXT    NOT NULL,
    normalized      TEXT    NOT NULL,
    outcome         TEXT    NOT NULL
      CHECK (outcome IN ('answered', 'out_of_scope', 'pinned', 'invalid', 'refused', 'error')),
    answer          TEXT,
    citations_json  TEXT    NOT NULL DEFAULT '[]',
    pin_id          INTEGER,
    user_id         TEXT    NOT NULL,
    guild_id        TEXT,
    channel_id      TEXT,
    interaction_id  TEXT,
    message_id      TEXT,
    created_at      TEXT    NOT NULL
  );
  CREATE INDEX question_log_channel ON question_log (channel_id, id);
  CREATE INDEX question_log_outcome ON question_log (outcome);

  CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id   INTEGER NOT NULL REFERENCES question_log (id),
    user_id     TEXT    NOT NULL,
    vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (answer_id, user_id)
  );

  CREATE TABLE pins (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    question            TEXT    NOT NULL,
    normalized_question TEXT    NOT NULL,
    question_embedding  TEXT,
    answer              TEXT    NOT NULL,
    citations_json      TEXT    NOT NULL DEFAULT '[]',
    guild_id            TEXT,
    channel_id          TEXT    NOT NULL,
    message_id          TEXT    NOT NULL,
    answer_id           INTEGER REFERENCES question_log (id),
    pinned_by           TEXT    NOT NULL,
    pinned_at           TEXT    NOT NULL,
    removed_at          TEXT,
    removed_by          TEXT
  );
  CREATE INDEX pins_active ON pins (guild_id, removed_at);
  CREATE INDEX pins_normalized ON pins (normalized_question);
  `,
  // 2: questions the community taught the bot (the section that answers a question it missed)
  `
  CREATE TABLE taught_questions (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    question            TEXT    NOT NULL,
    normalized_question TEXT    NOT NULL,
    question_embedding  TEXT,
    section_source      TEXT    NOT NULL,
    section_anchor      TEXT    NOT NULL,
    section_heading     TEXT    NOT NULL,
    guild_id            TEXT,
    taught_by           TEXT    NOT NULL,
    taught_at           TEXT    NOT NULL,
    removed_at          TEXT,
    removed_by          TEXT
  );
  CREATE INDEX taught_questions_active ON taught_questions (guild_id, removed_at);
  CREATE INDEX taught_questions_normalized ON taught_questions (normalized_question);
  `,
  // 3: question-log retention finds old questions by date, and the pins made from them by answer id
  `
  CREATE INDEX question_log_created ON question_log (created_at);
  CREATE INDEX pins_answer ON pins (answer_id);
  `,
  // 4: a taught question may say which sentence of its section answers it
  `
  ALTER TABLE taught_questions ADD COLUMN answer TEXT;
  `,
];

/**
 * Brings the database up to the latest schema, each migration in its own transaction. Returns the
 * version before and after. A database newer than this code is refused (SCHEMA_TOO_NEW) rather than
 * guessed at; a failed migration is rolled back (MIGRATION_FAILED).
 */
export function migrate(db: Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `Database schema version ${from} is newer than this guidebot (knows ${MIGRATIONS.length}); upgrade guidebot or point DATABASE_PATH elsewhere.`,
    );
  }
  for (let version = from; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version] as string;
    try {
      db.transaction(() => {
        db.exec(sql);
        db.pragma(`user_version = ${version + 1}`);
      })();
    } catch (error) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `Migrating the database at DATABASE_PATH to schema version ${version + 1} failed and was rolled back: ${describeCause(error)}`,
        { cause: error },
      );
    }
  }
  return { from, to: MIGRATIONS.length };
}
