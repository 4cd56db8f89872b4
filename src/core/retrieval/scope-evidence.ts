import type { Document } from '@langchain/core/documents';
import { askedFigure, asksToCompare, givesAskedFigure } from '../answering/figures.js';
import { separateStatements } from '../answering/question-form.js';
import {
  judgeScope,
  type GuideVocabulary,
  type ScopeEvidence,
  type ScopeQuestion,
} from '../scope/judge-scope.js';
import type { NotCoveredWords } from '../scope/not-covered-words.js';
import type { FittedParams } from './fusion.js';
import type { ChunkMetadata } from '../types.js';
import { meanOfClosest } from './known-questions.js';
import { VectorMatrix } from '../words/vector-matrix.js';
import { dot } from '../words/vectors.js';
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
  /** Best cosine with a not-covered question (listed or taught), and with one on the question's topic. */
  notCovered: number;
  notCoveredOnTopic: number;
  /** Mean cosine of the closest not-covered questions, and of the closest questions a section answers. */
  notCoveredNear: number;
  askedNear: number;
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
    !asksToCompare(question) &&
    !best.some((section) =>
      section.chunks.some((chunk) =>
        givesAskedFigure(input.documents[chunk.index]?.pageContent ?? '', kind, question),
      ),
    );
  return {
    topScore: first.score,
    margin: first.score - (second?.score ?? first.score),
    ask: Math.max(...ranked.map((s) => s.features.ask)),
    notCovered: input.notCovered,
    notCoveredOnTopic: input.notCoveredOnTopic,
    notCoveredNear: input.notCoveredNear,
    askedNear: input.askedNear,
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

/** What the scope judgement of one retrieval reads. */
export interface RetrievedScope {
  question: string;
  context: string | undefined;
  ranked: readonly SectionHit[];
  /** Best cosine of the question with any chunk or heading. */
  semantic: number;
  queryVector: readonly number[];
  /** Mean cosine of the closest questions a section is known to answer (see `meanOfClosest`). */
  askedNear: number;
  /** The questions the guide's maintainers list as not covered, and their topics. */
  listed: { vectors: readonly (readonly number[])[]; words: NotCoveredWords };
  /** Questions a moderator taught as not covered (unit vectors). */
  lessons: readonly (readonly number[])[];
  words: WordMatchIndex | undefined;
  documents: readonly Document<ChunkMetadata>[];
  vocabulary: GuideVocabulary;
  params: FittedParams['scope'] | undefined;
}

/** Judges whether the guide covers a retrieved question (see `judgeScope`), on the ranking's evidence. */
export function judgeRetrievedScope(input: RetrievedScope): ScopeEvidence {
  // The scope is judged on what the message asks; what the member tells about themselves ("I spent ten
  // years in retail.") is context, whose words are not the topic asked about.
  const told = input.context ? undefined : separateStatements(input.question);
  const tells = told !== undefined && told.statements.length > 0;
  const question = tells ? told.questions.join(' ') : input.question;
  const context = tells ? told.statements.join(' ') : input.context;
  // A listed question counts on topic when it names what this one asks about (see NotCoveredWords); a lesson always.
  const speaks = input.listed.words.applicable(question);
  // One pass over the listed questions' packed vectors (the list is frozen: packed once).
  const listed = VectorMatrix.ofFrozen(input.listed.vectors, (v) => v).dots(input.queryVector);
  // Each lesson's cosine, once: the best counts as the closest not-covered question (0 with none), and
  // all of them among the ten closest. Lessons are few: plain products.
  const lessonCosines = input.lessons.map((lesson) => dot(input.queryVector, lesson));
  const taught = Math.max(0, ...lessonCosines);
  let all = taught;
  let onTopic = taught;
  listed.forEach((cosine, i) => {
    all = Math.max(all, cosine);
    if (speaks[i]) onTopic = Math.max(onTopic, cosine);
  });
  const ranking = scopeRanking({
    question,
    ranked: input.ranked,
    notCovered: all,
    notCoveredOnTopic: onTopic,
    notCoveredNear: meanOfClosest([listed, lessonCosines]),
    askedNear: input.askedNear,
    words: input.words,
    documents: input.documents,
  });
  return judgeScope(
    { question, context, semantic: input.semantic, ...(ranking ? { ranking } : {}) },
    input.vocabulary,
    input.params,
  );
}
