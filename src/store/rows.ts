import type { Citation } from '../core/types.js';
import type { LoggedAnswer, PinRecord, QuestionOutcome, TaughtQuestion } from './types.js';

/** A `question_log` row as the database returns it. */
export interface QuestionRow {
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

/** A `pins` row as the database returns it. */
export interface PinRow {
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

/** A `taught_questions` row as the database returns it. */
export interface TaughtQuestionRow {
  id: number;
  question: string;
  normalized_question: string;
  question_embedding: string | null;
  section_source: string;
  section_anchor: string;
  section_heading: string;
  guild_id: string | null;
  taught_by: string;
  taught_at: string;
  removed_at: string | null;
}

/** Citations as stored; a damaged value reads as none rather than failing the whole answer. */
export function parseCitations(json: string): Citation[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Citation[]) : [];
  } catch {
    return [];
  }
}

/** A question embedding as stored; anything but an array of numbers reads as none (exact matching only). */
export function parseEmbedding(json: string | null): number[] | undefined {
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((x) => typeof x === 'number')
      ? (value as number[])
      : undefined;
  } catch {
    return undefined;
  }
}

export function toLoggedAnswer(row: QuestionRow): LoggedAnswer {
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

export function toPin(row: PinRow): PinRecord {
  return {
    id: row.id,
    question: row.question,
    normalizedQuestion: row.normalized_question,
    questionEmbedding: parseEmbedding(row.question_embedding),
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

export function toTaughtQuestion(row: TaughtQuestionRow): TaughtQuestion {
  return {
    id: row.id,
    question: row.question,
    normalizedQuestion: row.normalized_question,
    questionEmbedding: parseEmbedding(row.question_embedding),
    section: { source: row.section_source, anchor: row.section_anchor, heading: row.section_heading },
    guildId: row.guild_id ?? undefined,
    taughtBy: row.taught_by,
    taughtAt: row.taught_at,
    removedAt: row.removed_at ?? undefined,
  };
}
