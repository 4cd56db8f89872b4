import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { ChunkMetadata, SectionRef } from '../types.js';
import { terms } from '../words/text.js';
import { dot, minMax, unit } from '../words/vectors.js';
import { sectionKey, toSectionRef } from './sections.js';
import { scoreSection, type FittedParams, type SectionFeatures } from './fusion.js';
import type { SectionHit, TaughtQuestion } from './retrieval-types.js';

const ASKED_LIKE_TOP = 3;

function meanOfBest(values: number[], n: number): number {
  const best = [...values].sort((a, b) => b - a).slice(0, n);
  return best.reduce((a, b) => a + b, 0) / best.length;
}

/** A section of the loaded index: its reference, its chunks and its heading's unit vector. */
export interface IndexedSection {
  ref: SectionRef;
  chunkIndexes: number[];
  headingVector: number[];
  /** The heading's stemmed terms. */
  headingTerms: ReadonlySet<string>;
}

/**
 * Groups the chunks by section (leaving out those `skip` names by heading: the table of contents, the
 * references) and embeds each section's heading, in document order.
 */
export async function indexSections(
  documents: readonly Document<ChunkMetadata>[],
  embeddings: EmbeddingsInterface,
  skip: (heading: string) => boolean,
): Promise<Map<string, IndexedSection>> {
  const grouped = new Map<string, { ref: SectionRef; chunkIndexes: number[] }>();
  documents.forEach((doc, index) => {
    if (skip(doc.metadata.heading.trim())) return;
    const key = sectionKey(doc.metadata);
    const entry = grouped.get(key) ?? { ref: toSectionRef(doc.metadata), chunkIndexes: [] };
    entry.chunkIndexes.push(index);
    grouped.set(key, entry);
  });
  const entries = [...grouped.entries()];
  const headingVectors = await embeddings.embedDocuments(entries.map(([, entry]) => entry.ref.heading));
  return new Map(
    entries.map(([key, entry], i) => [
      key,
      {
        ...entry,
        headingVector: unit(headingVectors[i] ?? []),
        headingTerms: new Set(terms(entry.ref.heading)),
      },
    ]),
  );
}

/** Scores every section on its evidence (see `SECTION_FEATURES`) and sorts them best first. */
export function rankSections(input: {
  sections: ReadonlyMap<string, IndexedSection>;
  alternatives: readonly TaughtQuestion[];
  /** The question's cosine with each of `alternatives`, in their order (computed once per question). */
  alternativeSimilarities: ArrayLike<number>;
  params: FittedParams['ranking'];
  queryVector: number[];
  denseByChunk: Map<number, number>;
  lexicalHits: Map<number, number>;
  /** BM25 of the question's words over each section's known questions (see `AskedWordsIndex`). */
  askedWordHits: Map<string, number> | undefined;
  wordScores: Map<string, number> | undefined;
  taught: readonly TaughtQuestion[];
  /** The question's stemmed terms with their BM25 idf, for the share of them a heading names. */
  questionTerms: readonly { term: string; idf: number }[];
}): SectionHit[] {
  const questionWeight = input.questionTerms.reduce((sum, t) => sum + t.idf, 0);
  const { queryVector, denseByChunk, lexicalHits } = input;
  const floorDense = Math.min(...denseByChunk.values(), 0);
  // Per section, its three best similarities with the questions it is known to answer. The guide's
  // alternatives come as their similarities (one packed pass, made by the caller); taught questions are few.
  const askedLike = new Map<string, number[]>();
  const keep = (sectionKey: string, similarity: number) => {
    const best = askedLike.get(sectionKey);
    if (!best) askedLike.set(sectionKey, [similarity]);
    else if (best.length < ASKED_LIKE_TOP || similarity > best[best.length - 1]!) {
      best.push(similarity);
      best.sort((a, b) => b - a);
      best.length = Math.min(best.length, ASKED_LIKE_TOP);
    }
  };
  input.alternatives.forEach((known, i) => keep(known.sectionKey, input.alternativeSimilarities[i]!));
  for (const known of input.taught) keep(known.sectionKey, dot(queryVector, known.vector));
  const raw = [...input.sections.entries()].map(([key, section]) => {
    const chunkScores = section.chunkIndexes.map((index) => ({
      index,
      dense: denseByChunk.get(index) ?? floorDense,
      lexical: lexicalHits.get(index) ?? 0,
    }));
    const heading = dot(queryVector, section.headingVector);
    return {
      key,
      section,
      dense: Math.max(...chunkScores.map((c) => c.dense)),
      heading,
      ask: Math.max(heading, askedLike.get(key)?.[0] ?? -1),
      // The mean of the three best (the heading counting as one): several questions alike, not one.
      ask3: meanOfBest([heading, ...(askedLike.get(key) ?? [])], ASKED_LIKE_TOP),
      // The share of the question's weight (rarer terms weigh more) that the heading names: keyword
      // questions ("long term career path medical admin") name their heading.
      headingTerms:
        questionWeight > 0
          ? input.questionTerms.reduce((sum, t) => sum + (section.headingTerms.has(t.term) ? t.idf : 0), 0) /
            questionWeight
          : 0,
      lexical: Math.max(...chunkScores.map((c) => c.lexical)),
      words: input.wordScores?.get(key) ?? 0,
      askedWords: input.askedWordHits?.get(key) ?? 0,
      chunkScores,
    };
  });
  const denseN = minMax(raw.map((r) => r.dense));
  const headingN = minMax(raw.map((r) => r.heading));
  const lexicalN = minMax(raw.map((r) => r.lexical));
  const askN = minMax(raw.map((r) => r.ask));
  const wordsN = minMax(raw.map((r) => r.words));
  const ask3N = minMax(raw.map((r) => r.ask3));
  const askedWordsN = minMax(raw.map((r) => r.askedWords));
  const lexMax = Math.max(...raw.map((r) => r.lexical)) || 1;
  const denseMin = Math.min(...raw.map((r) => r.dense));
  const denseMax = Math.max(...raw.map((r) => r.dense));
  const params = input.params;
  return raw
    .map((r, i) => {
      const features: SectionFeatures = {
        denseN: denseN[i]!,
        headingN: headingN[i]!,
        lexicalN: lexicalN[i]!,
        askN: askN[i]!,
        ask3N: ask3N[i]!,
        wordsN: wordsN[i]!,
        askedWordsN: askedWordsN[i]!,
        dense: r.dense,
        heading: r.heading,
        ask: r.ask,
        ask3: r.ask3,
        headingTerms: r.headingTerms,
        words: r.words,
      };
      return {
        ...r.section.ref,
        key: r.key,
        score: scoreSection(features, params),
        dense: r.dense,
        headingSimilarity: r.heading,
        lexical: r.lexical,
        features,
        chunks: r.chunkScores
          .map((c) => ({
            index: c.index,
            score:
              (denseMax > denseMin ? (c.dense - denseMin) / (denseMax - denseMin) : 0) + c.lexical / lexMax,
          }))
          .sort((a, b) => b.score - a.score),
      };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * Up to three chunks of the best section (its answer may span a list over two chunks), then the best
 * chunk of each following section, k in all; each with its section's fused score.
 */
export function chunksToQuote(
  sections: readonly SectionHit[],
  k: number,
): { index: number; score: number }[] {
  const top = sections[0];
  if (!top) return [];
  const order: { section: SectionHit; index: number }[] = [];
  for (const chunk of top.chunks.slice(0, 3)) order.push({ section: top, index: chunk.index });
  for (const section of sections.slice(1)) {
    const best = section.chunks[0];
    if (best) order.push({ section, index: best.index });
  }
  return order
    .slice(0, k)
    .map(({ section, index }) => ({ index, score: Math.round(section.score * 1000) / 1000 }));
}
