import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Citation, FigureKind, RetrievedPassage } from '../types.js';
import type { Retrieval } from '../retrieval/hybrid-retriever.js';
import { terms } from '../words/text.js';
import { unit } from '../words/vectors.js';
import { passageUnits, readCandidates } from './candidates.js';
import { composeParts } from './compose.js';
import { splitQuestion, type QuestionPart } from './question-form.js';
import { renderAnswer } from './render.js';
import { scorePart } from './scoring.js';
import { AnswerSections, type SectionPassages } from './section-text.js';
import type { SentenceVectorCache } from './sentence-vectors.js';

/** Weight of the retrieval's section ranking when choosing the section that answers one part of several. */
const MULTI_PART_PRIOR = 0.3;

export type { SectionPassages } from './section-text.js';
export { listAnswerChars } from './compose.js';

/** An answer assembled from retrieved passages, with the sections it cites numbered 1..n. */
export interface ComposedAnswer {
  text: string;
  citations: Citation[];
  /** The question asks for a figure of this kind and the guide gives none; `text` quotes what it says. */
  missingFigure?: FigureKind;
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
export async function composeExtractiveAnswer(input: {
  retrieval: Retrieval;
  embeddings: EmbeddingsInterface;
  sentenceVectors: SentenceVectorCache;
  idf: (term: string) => number;
  maxChars: number;
  /** Every chunk of a section, so a list that runs past the retrieved chunks is named in full. */
  sectionPassages?: SectionPassages;
  /** The question as the member typed it (`retrieval.question` is its rewrite), to read its form. */
  asked?: string;
}): Promise<ComposedAnswer> {
  const { retrieval } = input;
  const sections = new AnswerSections(retrieval, input.sectionPassages);
  const retrieved = sections.list();
  if (retrieved.length === 0) return { text: '', citations: [] };

  const parts = splitQuestion(retrieval.question, input.asked);
  // The best section is read whole: its opening line is the direct answer. A message of several
  // questions is often answered by the second section too.
  for (const section of retrieved.slice(0, parts.length > 1 ? 2 : 1)) sections.complete(section.key);
  const candidates = sections.list().flatMap(readCandidates);
  if (candidates.length === 0) return { text: '', citations: [] };
  const vectors = await input.sentenceVectors.get(
    candidates.map((c) => c.text),
    input.embeddings,
  );
  const single = parts.length === 1;
  const partVectors = single
    ? [retrieval.queryVector]
    : await Promise.all(
        parts.map(async (p) => unit(await input.embeddings.embedQuery(sentenceCase(p.text)))),
      );

  // One question is answered from the retrieval's best section (on the tuning sets, choosing by the
  // best sentence instead cited the right section less often). For a message of several questions the
  // retrieval's ranking, made for the whole message, only leans on each part's choice.
  const top = retrieval.sections[0]?.score || 1;
  const fused = new Map(retrieval.sections.map((s) => [s.key, s.score / top]));
  const sectionPrior = single
    ? (key: string) => (key === retrieved[0]!.key ? 1 : 0)
    : (key: string) => MULTI_PART_PRIOR * (fused.get(key) ?? 0);
  const scores = parts.map((part, i) =>
    scorePart({
      part,
      queryTerms: single ? retrieval.queryTerms : termsOfPart(part, retrieval),
      vector: partVectors[i]!,
      candidates,
      vectors,
      idf: input.idf,
      sectionPrior,
    }),
  );
  const composed = composeParts({ parts: scores, sections, maxChars: input.maxChars, idf: input.idf });
  const { text, citations } = renderAnswer(composed.blocks);
  return { text, citations, ...(composed.missingFigure ? { missingFigure: composed.missingFigure } : {}) };
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
