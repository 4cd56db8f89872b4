import type { RetrievedPassage, SectionRef } from '../types.js';
import type { ScopeEvidence } from '../scope/judge-scope.js';
import type { SectionFeatures } from './fusion.js';

/** A section of the guide ranked for one question, with the evidence behind its score. */
export interface SectionHit extends SectionRef {
  key: string;
  /** Fused score: the sum of the three normalised signals below, 0..3. */
  score: number;
  /** Best cosine between the question and one of the section's chunks (heading path + text). */
  dense: number;
  /** Cosine between the question and the section's heading (most headings here are questions). */
  headingSimilarity: number;
  /** Best BM25 score of one of the section's chunks. */
  lexical: number;
  /** Everything the ranking weighed (see `SECTION_FEATURES`). */
  features: SectionFeatures;
  /** The section's chunks (indexes into the loaded documents), best first. */
  chunks: { index: number; score: number }[];
}

export interface Retrieval {
  /** The question as asked (without conversation context). */
  question: string;
  sections: SectionHit[];
  /** The best chunks of the best sections: what an answer may quote and cite. */
  passages: RetrievedPassage[];
  scope: ScopeEvidence;
  /** Unit query vector (the question plus any conversation context). */
  queryVector: number[];
  /** Question terms (stemmed) plus conversation-context terms, for sentence selection. */
  queryTerms: { term: string; weight: number }[];
  /** The answer sentences of the known questions closest to this one, closest first. */
  knownAnswers?: KnownAnswer[];
}

export interface RetrieveOptions {
  /** Previous question of the conversation, for follow-ups like "and in hospitals?". */
  context?: string;
  /** How many passages to return (default 5). */
  k?: number;
  /**
   * Questions the community taught for sections (question vector -> section key), matched like the
   * guide's own alternative questions; used from the moment they are taught.
   */
  taught?: readonly TaughtQuestion[];
}

/** A question known to be answered by a section: the guide's alternative questions, or taught ones. */
export interface TaughtQuestion {
  sectionKey: string;
  /** Unit vector of the question, from the same embedder as the index. */
  vector: readonly number[];
  /** The sentence of the section that answers the question, word for word (see `KnownAnswer`). */
  answer?: string;
}

/**
 * The sentence a known question close to the member's is answered with: the maintainers wrote which
 * sentence of its section answers it. The answer leans on it when choosing what to quote.
 */
export interface KnownAnswer {
  sectionKey: string;
  answer: string;
  /** Cosine of the member's question with the known question. */
  similarity: number;
}

/**
 * An alternative question written for a section (by the maintainers, beside the guide), or, with
 * `notCovered`, a question the guide does not answer (its heading is then empty).
 */
export interface AlternativeQuestion {
  /** The section's file (corpus-relative) and heading, as written in the questions file. */
  source: string;
  heading: string;
  question: string;
  /** The sentence of the section that answers the question, copied word for word from the guide. */
  answer?: string;
  /** A question members ask that this guide does not answer: evidence for the scope decision. */
  notCovered?: boolean;
}
