import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { Citation } from '../core/types.js';
import { migrate } from './migrations.js';
import { normalizeQuestion } from './normalize.js';

/** How a question ended; every question the bot receives is logged with one. */
export type QuestionOutcome = 'answered' | 'out_of_scope' | 'pinned' | 'invalid' | 'refused' | 'error';

/** A question to log. `answer` and `citations` are kept so buttons work after a restart. */
export interface QuestionLogEntry {
  question: string;
  outcome: QuestionOutcome;
  answer?: string;
  citations?: readonly Citation[];
  pinId?: number;
  userId: string;
  guildId?: string | null;
  channelId?: string | null;
  interactionId?: string | null;
  messageId?: string | null;
}

/** A logged question with its answer, as the Sources / feedback / Pin buttons need it. */
export interface LoggedAnswer {
  id: number;
  question: string;
  outcome: QuestionOutcome;
  answer: string | undefined;
  citations: Citation[];
  pinId: number | undefined;
  userId: string;
  guildId: string | undefined;
  channelId: string | undefined;
  messageId: string | undefined;
  createdAt: string;
}

/** A moderator-pinned answer. `removedAt` is set once it has been removed with `/pins remove`. */
export interface PinRecord {
  id: number;
  question: string;
  normalizedQuestion: string;
  /** Embedding of the question (for paraphrase matching); undefined when none was available. */
  questionEmbedding: number[] | undefined;
  answer: string;
  citations: Citation[];
  guildId: string | undefined;
  channelId: string;
  messageId: string;
  /** The logged answer that was pinned, when it was the bot's own. */
  answerId: number | undefined;
  pinnedBy: string;
  pinnedAt: string;
  removedAt: string | undefined;
}

export interface NewPin {
  question: string;
  questionEmbedding?: readonly number[];
  answer: string;
  citations?: readonly Citation[];
  guildId?: string | null;
  channelId: string;
  messageId: string;
  answerId?: number;
  pinnedBy: string;
}

/** What a member's vote did. */
export type FeedbackResult = 'recorded' | 'changed' | 'unchanged';

/** One line of `npm run report`. */
export interface ReportRow {
  /** An example of the question as asked (the latest). */
  question: string;
  count: number;
  lastAskedAt: string;
}

export interface DownvotedRow {
  question: string;
  /** The latest answer given to it. */
  answer: string;
  downVotes: number;
  upVotes: number;
}

interface QuestionRow {
  id: number;
  question: string;
  outcome: QuestionOutcome;
  answer: string | null;
  citations_json: string;
  pin_id: number | null;
  user_id: string;
  guild_id: string | null;
  channel_id: string | null;
  message_id: string | null;
  created_at: string;
}

interface PinRow {
  id: number;
  question: string;
  normalized_question: string;
  question_embedding: string | null;
  answer: string;
  citations_json: string;
  guild_id: string | null;
  channel_id: string;
  message_id: string;
  answer_id: number | null;
  pinned_by: string;
  pinned_at: string;
  removed_at: string | null;
}

/**
 * The bot's SQLite database: question log, feedback and pins. Synchronous (better-sqlite3), so each
 * call is one short transaction and no two handlers interleave inside one.
 */
export class GuideStore {
  readonly #db: Database;
  readonly #now: () => Date;

  /** Use `openStore`. */
  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /** Logs a question and returns its id, which is also the answer's id for buttons and feedback. */
  logQuestion(entry: QuestionLogEntry): number {
    const result = this.#db
      .prepare(
        `INSERT INTO question_log (question, normalized, outcome, answer, citations_json, pin_id, user_id,
           guild_id, channel_id, interaction_id, message_id, created_at)
         VALUES (@question, @normalized, @outcome, @answer, @citations, @pinId, @userId,
           @guildId, @channelId, @interactionId, @messageId, @createdAt)`,
      )
      .run({
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
        createdAt: this.#now().toISOString(),
      });
    return Number(result.lastInsertRowid);
  }

  /** Records the Discord message that carries a logged answer (known only after it is sent). */
  setAnswerMessage(answerId: number, messageId: string): void {
    this.#db.prepare('UPDATE question_log SET message_id = ? WHERE id = ?').run(messageId, answerId);
  }

  /** Changes the outcome of a logged question, e.g. to `error` when the reply could not be sent. */
  setOutcome(answerId: number, outcome: QuestionOutcome): void {
    this.#db.prepare('UPDATE question_log SET outcome = ? WHERE id = ?').run(outcome, answerId);
  }

  getAnswer(answerId: number): LoggedAnswer | undefined {
    const row = this.#db.prepare('SELECT * FROM question_log WHERE id = ?').get(answerId) as
      QuestionRow | undefined;
    return row ? toLoggedAnswer(row) : undefined;
  }

  /**
   * The most recent question asked in a channel or thread (answered, out of scope or from a pin),
   * used as context for a follow-up. `beforeId` excludes the follow-up itself.
   */
  previousQuestion(channelId: string, beforeId?: number): string | undefined {
    const row = this.#db
      .prepare(
        `SELECT question FROM question_log
         WHERE channel_id = ? AND id < ? AND outcome IN ('answered', 'out_of_scope', 'pinned')
         ORDER BY id DESC LIMIT 1`,
      )
      .get(channelId, beforeId ?? Number.MAX_SAFE_INTEGER) as { question: string } | undefined;
    return row?.question;
  }

  /** One vote per member per answer; a second vote replaces the first. */
  recordFeedback(answerId: number, userId: string, vote: 1 | -1): FeedbackResult {
    return this.#db.transaction((): FeedbackResult => {
      const previous = this.#db
        .prepare('SELECT vote FROM feedback WHERE answer_id = ? AND user_id = ?')
        .get(answerId, userId) as { vote: number } | undefined;
      if (previous?.vote === vote) return 'unchanged';
      const now = this.#now().toISOString();
      this.#db
        .prepare(
          `INSERT INTO feedback (answer_id, user_id, vote, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
        )
        .run(answerId, userId, vote, now, now);
      return previous ? 'changed' : 'recorded';
    })();
  }

  /** Votes on one answer. */
  feedbackFor(answerId: number): { up: number; down: number } {
    const row = this.#db
      .prepare(
        `SELECT COALESCE(SUM(vote = 1), 0) AS up, COALESCE(SUM(vote = -1), 0) AS down FROM feedback WHERE answer_id = ?`,
      )
      .get(answerId) as { up: number; down: number };
    return { up: row.up, down: row.down };
  }

  addPin(pin: NewPin): PinRecord {
    const result = this.#db
      .prepare(
        `INSERT INTO pins (question, normalized_question, question_embedding, answer, citations_json, guild_id,
           channel_id, message_id, answer_id, pinned_by, pinned_at)
         VALUES (@question, @normalized, @embedding, @answer, @citations, @guildId, @channelId, @messageId,
           @answerId, @pinnedBy, @pinnedAt)`,
      )
      .run({
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
        pinnedAt: this.#now().toISOString(),
      });
    return this.getPin(Number(result.lastInsertRowid)) as PinRecord;
  }

  getPin(id: number): PinRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM pins WHERE id = ?').get(id) as PinRow | undefined;
    return row ? toPin(row) : undefined;
  }

  /** Pins not removed, newest first. With a guild id, that guild's only; without (a DM), all of them. */
  activePins(guildId?: string | null): PinRecord[] {
    const rows = (
      guildId
        ? this.#db
            .prepare('SELECT * FROM pins WHERE removed_at IS NULL AND guild_id = ? ORDER BY id DESC')
            .all(guildId)
        : this.#db.prepare('SELECT * FROM pins WHERE removed_at IS NULL ORDER BY id DESC').all()
    ) as PinRow[];
    return rows.map(toPin);
  }

  /** The active pin of a Discord message, if it is pinned as an answer. */
  activePinForMessage(messageId: string): PinRecord | undefined {
    const row = this.#db
      .prepare('SELECT * FROM pins WHERE message_id = ? AND removed_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(messageId) as PinRow | undefined;
    return row ? toPin(row) : undefined;
  }

  /** Marks a pin removed. Returns it, or undefined when there is no active pin with that id. */
  removePin(id: number, removedBy: string): PinRecord | undefined {
    const result = this.#db
      .prepare('UPDATE pins SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL')
      .run(this.#now().toISOString(), removedBy, id);
    return result.changes > 0 ? this.getPin(id) : undefined;
  }

  /** Questions the guide could not answer, grouped by normalized text, most frequent first. */
  unansweredQuestions(limit = 20): ReportRow[] {
    return this.#db
      .prepare(
        `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
                   AND q2.outcome = 'out_of_scope' ORDER BY q2.id DESC LIMIT 1) AS question,
                COUNT(*) AS count, MAX(created_at) AS lastAskedAt
         FROM question_log q WHERE outcome = 'out_of_scope'
         GROUP BY normalized ORDER BY count DESC, lastAskedAt DESC LIMIT ?`,
      )
      .all(limit) as ReportRow[];
  }

  /** Questions whose answers were voted down (net of up votes ignored), most down votes first. */
  downvotedAnswers(limit = 20): DownvotedRow[] {
    return this.#db
      .prepare(
        `SELECT (SELECT q2.question FROM question_log q2 WHERE q2.normalized = q.normalized
                   ORDER BY q2.id DESC LIMIT 1) AS question,
                (SELECT q3.answer FROM question_log q3 JOIN feedback f3 ON f3.answer_id = q3.id
                   WHERE q3.normalized = q.normalized AND f3.vote = -1 ORDER BY q3.id DESC LIMIT 1) AS answer,
                SUM(f.vote = -1) AS downVotes, SUM(f.vote = 1) AS upVotes
         FROM feedback f JOIN question_log q ON q.id = f.answer_id
         GROUP BY q.normalized HAVING downVotes > 0
         ORDER BY downVotes DESC, upVotes ASC LIMIT ?`,
      )
      .all(limit) as DownvotedRow[];
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/**
 * Opens (creating the folder and file on first start) and migrates the database. `':memory:'` gives a
 * throwaway database for tests.
 */
export function openStore(path: string, options: { now?: () => Date } = {}): GuideStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new GuideStore(db, options.now);
}

function parseCitations(json: string): Citation[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Citation[]) : [];
  } catch {
    return [];
  }
}

function toLoggedAnswer(row: QuestionRow): LoggedAnswer {
  return {
    id: row.id,
    question: row.question,
    outcome: row.outcome,
    answer: row.answer ?? undefined,
    citations: parseCitations(row.citations_json),
    pinId: row.pin_id ?? undefined,
    userId: row.user_id,
    guildId: row.guild_id ?? undefined,
    channelId: row.channel_id ?? undefined,
    messageId: row.message_id ?? undefined,
    createdAt: row.created_at,
  };
}

function toPin(row: PinRow): PinRecord {
  let embedding: number[] | undefined;
  if (row.question_embedding) {
    try {
      const value: unknown = JSON.parse(row.question_embedding);
      if (Array.isArray(value) && value.every((x) => typeof x === 'number')) embedding = value as number[];
    } catch {
      embedding = undefined;
    }
  }
  return {
    id: row.id,
    question: row.question,
    normalizedQuestion: row.normalized_question,
    questionEmbedding: embedding,
    answer: row.answer,
    citations: parseCitations(row.citations_json),
    guildId: row.guild_id ?? undefined,
    channelId: row.channel_id,
    messageId: row.message_id,
    answerId: row.answer_id ?? undefined,
    pinnedBy: row.pinned_by,
    pinnedAt: row.pinned_at,
    removedAt: row.removed_at ?? undefined,
  };
}
