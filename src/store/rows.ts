import type { Citation } from '../core/types.js';
import type { LoggedAnswer, PinRecord, QuestionOutcome, TaughtQuestion } from './types.js';

/*
 * Rows as either engine returns them, and their mapping to records. The two schemas have the same
 * tables and columns; only the column types differ, so each mapper accepts both forms.
 */

/** An id: SQLite gives a number, pg gives a `bigint` as a string. */
export type DbId = number | string;
/** A time: ISO text in SQLite, a Date from PostgreSQL's `timestamptz`. */
export type DbTime = string | Date;

/** A `question_log` row. `citations_json` is JSON text (SQLite) or parsed `jsonb` (PostgreSQL). */
export interface QuestionRow {
  id: DbId;
  question: string;
  outcome: QuestionOutcome;
  answer: string | null;
  citations_json: unknown;
  pin_id: DbId | null;
  user_id: string;
  guild_id: string | null;
  channel_id: string | null;
  message_id: string | null;
  created_at: DbTime;
}

/** A `pins` row. `question_embedding` is JSON text (SQLite) or a `double precision[]` (PostgreSQL). */
export interface PinRow {
  id: DbId;
  question: string;
  normalized_question: string;
  question_embedding: unknown;
  answer: string;
  citations_json: unknown;
  guild_id: string | null;
  channel_id: string;
  message_id: string;
  answer_id: DbId | null;
  pinned_by: string;
  pinned_at: DbTime;
  removed_at: DbTime | null;
}

/** A `taught_questions` row. */
export interface TaughtQuestionRow {
  id: DbId;
  question: string;
  normalized_question: string;
  question_embedding: unknown;
  section_source: string;
  section_anchor: string;
  section_heading: string;
  /** Absent in a row read before migration 4 added the column (never, once migrated). */
  answer?: string | null;
  guild_id: string | null;
  taught_by: string;
  taught_at: DbTime;
  removed_at: DbTime | null;
}

/** JSON text parsed, or a value the driver already parsed; undefined when the text is damaged. */
function fromJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Citations as stored; a damaged value reads as none rather than failing the whole answer. */
export function parseCitations(value: unknown): Citation[] {
  const parsed = fromJson(value);
  return Array.isArray(parsed) ? (parsed as Citation[]) : [];
}

/** A question embedding as stored; anything but an array of numbers reads as none (exact matching only). */
export function parseEmbedding(value: unknown): number[] | undefined {
  const parsed = fromJson(value ?? undefined);
  return Array.isArray(parsed) && parsed.every((x) => typeof x === 'number')
    ? (parsed as number[])
    : undefined;
}

/** A time as the ISO text that records carry. */
export function toIso(value: DbTime): string {
  return value instanceof Date ? value.toISOString() : value;
}

function optionalId(value: DbId | null): number | undefined {
  return value === null ? undefined : Number(value);
}

export function toLoggedAnswer(row: QuestionRow): LoggedAnswer {
  return {
    id: Number(row.id),
    question: row.question,
    outcome: row.outcome,
    answer: row.answer ?? undefined,
    citations: parseCitations(row.citations_json),
    pinId: optionalId(row.pin_id),
    userId: row.user_id,
    guildId: row.guild_id ?? undefined,
    channelId: row.channel_id ?? undefined,
    messageId: row.message_id ?? undefined,
    createdAt: toIso(row.created_at),
  };
}

export function toPin(row: PinRow): PinRecord {
  return {
    id: Number(row.id),
    question: row.question,
    normalizedQuestion: row.normalized_question,
    questionEmbedding: parseEmbedding(row.question_embedding),
    answer: row.answer,
    citations: parseCitations(row.citations_json),
    guildId: row.guild_id ?? undefined,
    channelId: row.channel_id,
    messageId: row.message_id,
    answerId: optionalId(row.answer_id),
    pinnedBy: row.pinned_by,
    pinnedAt: toIso(row.pinned_at),
    removedAt: row.removed_at === null ? undefined : toIso(row.removed_at),
  };
}

export function toTaughtQuestion(row: TaughtQuestionRow): TaughtQuestion {
  return {
    id: Number(row.id),
    question: row.question,
    normalizedQuestion: row.normalized_question,
    questionEmbedding: parseEmbedding(row.question_embedding),
    section: { source: row.section_source, anchor: row.section_anchor, heading: row.section_heading },
    answer: row.answer ?? undefined,
    guildId: row.guild_id ?? undefined,
    taughtBy: row.taught_by,
    taughtAt: toIso(row.taught_at),
    removedAt: row.removed_at === null ? undefined : toIso(row.removed_at),
  };
}
