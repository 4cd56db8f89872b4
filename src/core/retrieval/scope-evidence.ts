import type { Document } from '@langchain/core/documents';
import { askedFigure, hasFigure } from '../answering/figures.js';
import type { ScopeQuestion } from '../scope/judge-scope.js';
import type { ChunkMetadata } from '../types.js';
import { bestSimilarity } from './known-questions.js';
import type { SectionHit } from './retrieval-types.js';
import type { WordMatchIndex } from './word-match.js';

/** A question word counts as the guide's when some guide word is at least this close in GloVe. */
const WORD_COVER_FLOOR = 0.5;

/**
 * What the ranking says about whether the guide covers a question, for the scope model: how clearly the
 * best section wins, how close the question is to questions a section answers and to those the guide
 * does not answer, how well the guide's words cover the question's, and whether it asks for a kind of
 * figure (an amount, a duration, a share, a count) that the two best sections never give.
 */
export function scopeRanking(input: {
  question: string;
  ranked: readonly SectionHit[];
  queryVector: readonly number[];
  notCovered: readonly (readonly number[])[];
  /** Those of `notCovered` whose topic the question names. */
  notCoveredOnTopic: readonly (readonly number[])[];
  words: WordMatchIndex | undefined;
  documents: readonly Document<ChunkMetadata>[];
}): ScopeQuestion['ranking'] {
  const { question, ranked, words } = input;
  const [first, second] = ranked;
  if (!first) return undefined;
  const best = ranked.slice(0, 2);
  const kind = askedFigure(question);
  const figureMissing =
    kind !== undefined &&
    !best.some((section) =>
      section.chunks.some((chunk) => hasFigure(input.documents[chunk.index]?.pageContent ?? '', kind)),
    );
  return {
    topScore: first.score,
    margin: first.score - (second?.score ?? first.score),
    ask: Math.max(...ranked.map((s) => s.features.ask)),
    notCovered: bestSimilarity(input.queryVector, input.notCovered),
    notCoveredOnTopic: bestSimilarity(input.queryVector, input.notCoveredOnTopic),
    lexical: Math.log1p(first.lexical),
    wordCoverage: words?.coverage(question, WORD_COVER_FLOOR) ?? 0,
    cover:
      words?.coverIn(
        question,
        best.map((s) => s.key),
      ) ?? [],
    figureMissing: figureMissing ? 1 : 0,
  };
}
