import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Citation, FigureKind, RetrievedPassage } from '../types.js';
import type { Retrieval } from '../retrieval/hybrid-retriever.js';
import { terms } from '../words/text.js';
import { unit } from '../words/vectors.js';
import { passageUnits, readCandidates } from './candidates.js';
import { composeParts } from './compose.js';
import { splitQuestion, type QuestionPart } from './question-form.js';
import { renderAnswer } from './render.js';
import type { UnitFeatures } from '../retrieval/fusion.js';
import { scorePart, type PartScores } from './scoring.js';
import { withSeeAlso } from './see-also.js';
import { AnswerSections, type SectionPassages } from './section-text.js';
import type { SentenceVectorCache } from './sentence-vectors.js';

/** Weight of the retrieval's section ranking when choosing the section that answers one part of several. */
const MULTI_PART_PRIOR = 0.3;

export type { SectionPassages } from './section-text.js';
export { listAnswerChars } from './list-answer.js';

/** An answer assembled from retrieved passages, with the sections it cites numbered 1..n. */
export interface ComposedAnswer {
  text: string;
  citations: Citation[];
  /** The question asks for a figure of this kind and the guide gives none; `text` quotes what it says. */
  missingFigure?: FigureKind;
}

/** What the extractive answerer reads. */
export interface ExtractiveInput {
  retrieval: Retrieval;
  embeddings: EmbeddingsInterface;
  sentenceVectors: SentenceVectorCache;
  idf: (term: string) => number;
  maxChars: number;
  /** Every chunk of a section, so a list that runs past the retrieved chunks is named in full. */
  sectionPassages?: SectionPassages;
  /** The question as the member typed it (`retrieval.question` is its rewrite), to read its form. */
  asked?: string;
  /**
   * For a message of several questions, each question retrieved on its own, in order (see
   * `splitQuestion`): their passages join the message's, and each question is answered from its own
   * best section.
   */
  partRetrievals?: readonly Retrieval[];
  /** Fitted weights of a unit's score (default: hand-set). */
  unitWeights?: Readonly<UnitFeatures>;
  /** GloVe soft match of a question's words with each text's (see `WordMatchIndex.unitScores`). */
  softWords?: (question: string, texts: readonly string[]) => number[];
}

/** The message's questions, each with the retrieved units ranked for it, and the sections they come from. */
export interface RankedUnits {
  scores: PartScores[];
  sections: AnswerSections;
  single: boolean;
}

/**
 * The default answerer, which needs no language model: it quotes the guide's sentences word for word,
 * each followed by the `[n]` of its section.
 *
 * The message is split into the questions it asks; each is answered in turn, from the retrieved
 * sections: with the list it asks for (every item named, from all of the section's chunks when
 * `sectionPassages` is given), or with its best sentences, the answering section's opening sentence
 * first. A question for a figure the guide lacks sets `missingFigure` rather than quoting an unrelated
 * number. References and a table of contents are never quoted.
 */
export async function composeExtractiveAnswer(input: ExtractiveInput): Promise<ComposedAnswer> {
  const ranked = await rankUnits(input);
  if (!ranked) return { text: '', citations: [] };
  const { scores, sections, single } = ranked;
  const composed = composeParts({ parts: scores, sections, maxChars: input.maxChars, idf: input.idf });
  const blocks = single
    ? withSeeAlso({
        blocks: composed.blocks,
        retrieval: input.retrieval,
        scores: scores[0]!,
        maxChars: input.maxChars,
      })
    : composed.blocks;
  const { text, citations } = renderAnswer(blocks);
  return { text, citations, ...(composed.missingFigure ? { missingFigure: composed.missingFigure } : {}) };
}

/**
 * Splits the message into its questions and ranks the retrieved units for each (see `scorePart`);
 * undefined when nothing was retrieved. `npm run fit` reads the units' features from here.
 */
export async function rankUnits(input: ExtractiveInput): Promise<RankedUnits | undefined> {
  const { retrieval } = input;
  const parts = splitQuestion(retrieval.question, input.asked);
  const perPart =
    parts.length > 1 && input.partRetrievals?.length === parts.length ? input.partRetrievals : undefined;
  const sections = new AnswerSections(
    { ...retrieval, passages: mergePassages(retrieval, input.partRetrievals ?? []) },
    input.sectionPassages,
  );
  const retrieved = sections.list();
  if (retrieved.length === 0) return undefined;
  const known = new Set(retrieved.map((s) => s.key));
  const bestOf = (r: Retrieval) => r.sections.find((s) => known.has(s.key))?.key ?? retrieved[0]!.key;

  // One question is answered from the retrieval's best section (on the tuning sets, choosing by the
  // best sentence instead cited the right section less often), and so is each question of a message
  // retrieved part by part (on the 35 multi-part tuning questions: fact hit 0.48 when the whole
  // message's ranking and the part's sentences chose, 0.56 this way). Without part retrievals, the
  // message's ranking only leans on each choice.
  const single = parts.length === 1;
  const favoured = single ? [retrieved[0]!.key] : (perPart?.map(bestOf) ?? []);
  // The answering sections are read whole: the opening line is the direct answer.
  for (const key of favoured.length > 0 ? favoured : retrieved.slice(0, 2).map((s) => s.key)) {
    sections.complete(key);
  }
  const candidates = sections.list().flatMap(readCandidates);
  if (candidates.length === 0) return undefined;
  const vectors = await input.sentenceVectors.get(
    candidates.map((c) => c.text),
    input.embeddings,
  );
  // A titled item's later sentence is about its title ("They must exhibit empathy…"): its words count.
  const unitTexts = input.softWords
    ? candidates.map((c) => (c.itemTitle ? `${c.itemTitle} ${c.text}` : c.text))
    : [];
  const top = retrieval.sections[0]?.score || 1;
  const fused = new Map(retrieval.sections.map((s) => [s.key, s.score / top]));
  const scores = await Promise.all(
    parts.map(async (part, i) => {
      const own = single ? retrieval : perPart?.[i];
      const key = favoured[i];
      return scorePart({
        part,
        queryTerms: own ? own.queryTerms : termsOfPart(part, retrieval),
        vector: own ? own.queryVector : unit(await input.embeddings.embedQuery(sentenceCase(part.text))),
        candidates,
        vectors,
        idf: input.idf,
        sectionPrior: key
          ? (k: string) => (k === key ? 1 : 0)
          : (k: string) => MULTI_PART_PRIOR * (fused.get(k) ?? 0),
        ...(input.unitWeights ? { weights: input.unitWeights } : {}),
        ...(own?.knownAnswers ? { knownAnswers: own.knownAnswers } : {}),
        ...(input.softWords ? { softWords: input.softWords(part.text, unitTexts) } : {}),
      });
    }),
  );
  return { scores, sections, single };
}

/** The message's passages, then each part's that are new, in order. */
function mergePassages(retrieval: Retrieval, parts: readonly Retrieval[]): RetrievedPassage[] {
  const seen = new Set<string>();
  return [retrieval, ...parts]
    .flatMap((r) => r.passages)
    .filter((p) => !seen.has(p.chunkId) && Boolean(seen.add(p.chunkId)));
}

/**
 * A part's own terms, plus the retrieval's other terms (WordNet expansions, conversation context) at
 * half their weight: they belong to the whole message, not to this part.
 */
function termsOfPart(part: QuestionPart, retrieval: Retrieval): QuestionPart['terms'] {
  const own = new Set(part.terms.map((t) => t.term));
  const asked = new Set(terms(retrieval.question));
  return [
    ...part.terms,
    ...retrieval.queryTerms
      .filter((q) => !own.has(q.term) && !asked.has(q.term))
      .map((q) => ({ term: q.term, weight: q.weight / 2 })),
  ];
}

/** Upper-cases the first letter, as the retriever embeds questions. */
function sentenceCase(text: string): string {
  return text.replace(/^\s*\p{Ll}/u, (letter) => letter.toUpperCase());
}

/**
 * Embeds every quotable unit of the given passages ahead of time, so the first question about a section
 * costs no more than later ones. Runs in batches; returns how many units it embedded.
 */
export async function warmSentenceVectors(
  passages: readonly RetrievedPassage[],
  embeddings: EmbeddingsInterface,
  cache: SentenceVectorCache,
  batchSize = 16,
): Promise<number> {
  const texts = [...new Set(passages.flatMap(passageUnits))];
  for (let start = 0; start < texts.length; start += batchSize) {
    await cache.get(texts.slice(start, start + batchSize), embeddings);
    // The encoder holds the event loop while it runs: small batches and a turn in between let a
    // question (and Discord's 3-second deadline) through.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return texts.length;
}
