import type { Citation, SectionRef } from '../core/types.js';

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

/** What a moderator pins. */
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

/** The guide section a taught question points to. */
export type TaughtSection = Pick<SectionRef, 'source' | 'anchor' | 'heading'>;

/**
 * A question the community taught the bot: a question it missed, and the guide section that answers
 * it. `removedAt` is set once it has been taken back.
 */
export interface TaughtQuestion {
  id: number;
  question: string;
  normalizedQuestion: string;
  /** Embedding of the question (for paraphrase matching); undefined when none was available. */
  questionEmbedding: number[] | undefined;
  section: TaughtSection;
  /** The sentence of the section that answers the question, word for word; undefined when none was given. */
  answer: string | undefined;
  guildId: string | undefined;
  taughtBy: string;
  taughtAt: string;
  removedAt: string | undefined;
}

/** What a member teaches. */
export interface NewTaughtQuestion {
  question: string;
  questionEmbedding?: readonly number[];
  section: TaughtSection;
  /** The sentence of the section that answers it (`/teach … answer:`). */
  answer?: string;
  guildId?: string | null;
  taughtBy: string;
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

/** One down-voted question of `npm run report`. */
export interface DownvotedRow {
  question: string;
  /** The latest answer given to it. */
  answer: string;
  downVotes: number;
  upVotes: number;
}

/** The question log: every question the bot receives, with its outcome and answer. */
export interface QuestionLogStore {
  /** Logs a question and returns its id, which is also the answer's id for buttons and feedback. */
  logQuestion(entry: QuestionLogEntry): Promise<number>;
  /** Records the Discord message that carries a logged answer (known only after it is sent). */
  setAnswerMessage(answerId: number, messageId: string): Promise<void>;
  /** Changes the outcome of a logged question, e.g. to `error` when the reply could not be sent. */
  setOutcome(answerId: number, outcome: QuestionOutcome): Promise<void>;
  /** A logged answer by id; undefined when there is none (never logged, or pruned). */
  getAnswer(answerId: number): Promise<LoggedAnswer | undefined>;
  /**
   * The most recent question asked in a channel or thread (answered, out of scope or from a pin),
   * used as context for a follow-up. `beforeId` excludes the follow-up itself.
   */
  previousQuestion(channelId: string, beforeId?: number): Promise<string | undefined>;
}

/** How much of the question log to keep; see `RetentionStore.pruneQuestionLog`. */
export interface PruneOptions {
  /** Questions older than this many days go; 0 keeps questions of any age. */
  maxAgeDays: number;
  /** Beyond this many questions the oldest go; 0 keeps any number. */
  maxRows: number;
  /** Questions deleted per transaction (default 500): small, so an answer never waits long behind it. */
  batchSize?: number;
  /** Checked between batches: an aborted prune stops early (at shutdown) and returns what it deleted. */
  signal?: AbortSignal;
}

/** Keeps the question log from growing without end (issue 9). */
export interface RetentionStore {
  /**
   * Deletes old questions in small batches, each in its own transaction, with the votes on them.
   * Pins made from a deleted answer keep working: they carry their own question and answer, and
   * their `answerId` becomes undefined. Returns how many questions were deleted.
   */
  pruneQuestionLog(options: PruneOptions): Promise<number>;
}

/** Members' votes on answers. */
export interface FeedbackStore {
  /** One vote per member per answer; a second vote replaces the first. */
  recordFeedback(answerId: number, userId: string, vote: 1 | -1): Promise<FeedbackResult>;
  /** Votes on one answer. */
  feedbackFor(answerId: number): Promise<{ up: number; down: number }>;
}

/** Moderator-pinned answers. */
export interface PinStore {
  addPin(pin: NewPin): Promise<PinRecord>;
  /** A pin by id, removed or not. */
  getPin(id: number): Promise<PinRecord | undefined>;
  /** Pins not removed, newest first. With a guild id, that guild's only; without (a DM), all of them. */
  activePins(guildId?: string | null): Promise<PinRecord[]>;
  /** The active pin of a Discord message, if it is pinned as an answer. */
  activePinForMessage(messageId: string): Promise<PinRecord | undefined>;
  /** Marks a pin removed. Returns it, or undefined when there is no active pin with that id. */
  removePin(id: number, removedBy: string): Promise<PinRecord | undefined>;
}

/** Questions the community taught the bot (which section answers a question it missed). */
export interface TaughtQuestionStore {
  addTaughtQuestion(taught: NewTaughtQuestion): Promise<TaughtQuestion>;
  /**
   * Taught questions not removed, newest first. With a guild id, that guild's only; without (a DM),
   * all of them.
   */
  activeTaughtQuestions(guildId?: string | null): Promise<TaughtQuestion[]>;
  /** Marks a taught question removed. Returns it, or undefined when there is no active one with that id. */
  removeTaughtQuestion(id: number, removedBy: string): Promise<TaughtQuestion | undefined>;
}

/** What `npm run report` reads. */
export interface ReportStore {
  /** Questions the guide could not answer, grouped by normalized text, most frequent first. */
  unansweredQuestions(limit?: number): Promise<ReportRow[]>;
  /** Questions whose answers were voted down (net of up votes ignored), most down votes first. */
  downvotedAnswers(limit?: number): Promise<DownvotedRow[]>;
}

/**
 * The bot's database: question log, feedback, pins and taught questions. Every method is asynchronous
 * so that one interface fits an in-process SQLite file and a PostgreSQL server shared by several bot
 * processes. Failures reject with a `StoreError`.
 */
export interface Store
  extends QuestionLogStore, RetentionStore, FeedbackStore, PinStore, TaughtQuestionStore, ReportStore {
  /** Closes the database; later calls fail. Closing twice is harmless. */
  close(): Promise<void>;
}
