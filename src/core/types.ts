/**
 * The data the answering core works with. Nothing here knows about Discord or the command line.
 */

/** Metadata carried by every indexed chunk (and stored in the HNSWLib docstore). */
export interface ChunkMetadata {
  /** Stable id: `${source}#${anchor}:${ordinal}`. */
  chunkId: string;
  /** Corpus-relative path of the Markdown file, with forward slashes. */
  source: string;
  /** The chunk's own section heading (the text of the nearest heading above it). */
  heading: string;
  /** Headings from the top-level section down to this one, joined with " › " (the document title only for text before the first section). */
  headingPath: string;
  /** GitHub-style slug of the heading, unique within the file. */
  anchor: string;
  /** Position of the chunk inside its section, from 0. */
  ordinal: number;
  /** sha256 (hex) of the text that is embedded; keys the embedding cache. */
  contentHash: string;
}

/** A section of the guide: what citations and suggestions point to. */
export interface SectionRef {
  heading: string;
  headingPath: string;
  anchor: string;
  source: string;
}

/** A chunk returned by retrieval, with its fused relevance score (higher is better). */
export interface RetrievedPassage extends SectionRef {
  chunkId: string;
  text: string;
  score: number;
}

/** One numbered source of an answer. Every citation names a passage that was really retrieved. */
export interface Citation extends SectionRef {
  n: number;
  chunkId: string;
  score: number;
  /**
   * The passage, word for word as indexed; for a section an extractive answer quotes from several of
   * its chunks (a long list), their lines in the guide's order, the splitter's overlap removed.
   */
  quote: string;
}

export type AnswerOutcome = 'answered' | 'out_of_scope' | 'invalid';

/** A kind of figure a question can ask for ("how long" a duration, "how much does it cost" money). */
export type FigureKind = 'money' | 'duration' | 'percentage' | 'count';

/** Why a question was rejected before retrieval. */
export type InvalidQuestionCode = 'empty' | 'too_long' | 'no_text';

export interface AnswerTimings {
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
}

/** What `answerQuestion` returns. */
export interface AnswerResult {
  /**
   * The question as answered: trimmed, control characters removed, and cleaned of mentions, links,
   * emoji and Markdown markers (see `cleanQuestion`).
   */
  question: string;
  /**
   * The answer with `[n]` markers when `outcome` is `answered`; empty otherwise (the front ends word
   * refusals and rejections from `outcome`, `suggestions` and `invalid`).
   */
  answer: string;
  /** True only when the answer is built from retrieved passages and cites them. */
  grounded: boolean;
  outcome: AnswerOutcome;
  /** Set when `outcome` is `invalid`: why, and the sizes a message about it needs. */
  invalid?: { code: InvalidQuestionCode; length: number; maxLength: number };
  citations: Citation[];
  /** Closest sections, offered when the guide does not cover the question. */
  suggestions: SectionRef[];
  /**
   * True when the best section is clear but the evidence that the guide covers the question is thin:
   * the answer is the guide's closest one, and the front ends say so.
   */
  hedged?: boolean;
  /**
   * Set to 'other' (with `outcome` out_of_scope) when the question is not in English: the guide and
   * the answers are, and the front ends say so; `suggestions` are the closest sections all the same.
   */
  language?: 'other';
  /** Which answerer wrote `answer`. */
  mode: 'extractive' | 'llm';
  /** Something the reader should know: `model_unavailable` means the extractive answer stands in for the model's. */
  notice?: 'model_unavailable';
  /**
   * Set when the question asks for a figure of this kind and the guide gives none (extractive answers
   * only): `answer` then quotes what the guide does say, and the front ends say the figure is missing.
   * On a refusal (`out_of_scope`), the front ends say which figure the closest sections lack.
   */
  missingFigure?: FigureKind;
  timings: AnswerTimings;
}

/** Options for one question. */
export interface AskOptions {
  /**
   * Questions the community taught for sections (unit vector -> section key `source#anchor`), matched
   * like the guide's alternative questions, from the moment they are taught; with the sentence of the
   * section that answers, when the moderator named one.
   */
  taught?: readonly { sectionKey: string; vector: readonly number[]; answer?: string }[];
  /** The previous question in the same conversation (a Discord thread), used to understand follow-ups. */
  context?: string;
  /** Called with the answer so far while a model streams it (llm mode only). */
  onPartial?: (text: string) => void;
  signal?: AbortSignal;
}

/** Anything that answers questions from the guide. */
export interface Answerer {
  answer(question: string, options?: AskOptions): Promise<AnswerResult>;
}

/** Which embedder built an index; recorded in the manifest and checked before querying. */
export interface EmbedderInfo {
  provider: 'use-lite' | 'openai' | 'ollama' | (string & {});
  model: string;
  dimensions: number;
}

// The manifest's format (and INDEX_SCHEMA_VERSION) is defined once, in src/index/manifest.ts, next to
// the rest of the on-disk index; the type is re-exported here for the core code that reads it.
export type { IndexManifest } from '../index/manifest.js';

/**
 * Writes an answer from retrieved passages (the model-written mode). The core numbers the passages
 * 1..n in the order given, checks every `[n]` in the returned text against them, and falls back to the
 * extractive answer when the writer fails or cites nothing valid.
 */
export interface AnswerWriter {
  /** For logs and the eval report, e.g. "openai:gpt-4o-mini". */
  readonly name: string;
  write(input: {
    question: string;
    passages: readonly RetrievedPassage[];
    signal?: AbortSignal;
    /** Called with the text so far while streaming. */
    onPartial?: (text: string) => void;
  }): Promise<string>;
}

/**
 * Writes questions that one section of the guide answers (`npm run ingest -- --generate-questions`),
 * as the model's raw text; ingestion parses and checks them (src/ingest/question-checks.ts).
 */
export interface QuestionWriter {
  /** For logs and the stored file, e.g. "openai:gpt-4o-mini". */
  readonly name: string;
  write(input: { heading: string; text: string; count: number; signal?: AbortSignal }): Promise<string>;
}
