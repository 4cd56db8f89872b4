import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Citation, RetrievedPassage } from '../types.js';
import type { Retrieval } from '../retrieval/hybrid-retriever.js';
import { sectionKey } from '../retrieval/sections.js';
import { dot } from '../words/vectors.js';
import { toCitation } from './citations.js';
import type { SentenceVectorCache } from './sentence-vectors.js';
import { splitSentences, terms } from '../words/text.js';

/** An answer assembled from retrieved passages, with the passages it cites numbered 1..n. */
export interface ComposedAnswer {
  text: string;
  citations: Citation[];
}

interface ListTitle {
  text: string;
  /** The retrieved passage the title was read from (cited with it). */
  passage: RetrievedPassage;
}

interface Candidate {
  passage: RetrievedPassage;
  passageRank: number;
  /** Line of the passage the sentence is on, and its place among all sentences of the passage. */
  line: number;
  position: number;
  /** The quoted text: one sentence, or a short list-item title with the sentence after it. */
  text: string;
  /** Titles of the list items that follow, when `text` introduces a list ("...include:"). */
  listTitles: ListTitle[];
  score: number;
}

/** Weights of the sentence score; see `composeExtractiveAnswer`. */
const WEIGHTS = Object.freeze({
  lexical: 0.5,
  dense: 0.5,
  leadSentence: 0.1,
  bestSection: 0.2,
  answerType: 0.15,
});

/**
 * Questions that ask for an amount ("how much", "how many", "what percentage", pay, growth): a sentence
 * holding a number is more likely to answer them. Classic answer-type matching from extractive QA; the
 * words name kinds of quantity, not topics of the guide.
 */
const ASKS_FOR_AMOUNT =
  /\b(how (much|many|often|long|fast)|what (percentage|percent|share|proportion|number|amount|rate)|average|median|salary|salaries|pay|paid|earn|earnings|wage|wages|income|make a year|growth|outlook|statistics?)\b/i;
const HAS_AMOUNT = /\d/;
/** Sentences scoring at least this share of the best one join it in the answer. */
const KEEP_RATIO = 0.8;
const MAX_UNITS = 3;
const MAX_LIST_TITLES = 8;
/** A list item's first sentence shorter than this is a title ("Hospitals.") and is quoted with the next. */
const TITLE_LENGTH = 60;

/**
 * The default answerer, which needs no language model: it picks the sentences of the retrieved passages
 * that answer the question and quotes them word for word, each followed by the `[n]` of its passage.
 *
 * A sentence scores by how much of the question's weight (terms weighted by rarity in the guide) it
 * contains, by its meaning's similarity to the question, and a little by being its section's first
 * sentence (the guide answers each question heading in its opening line) or coming from the best section.
 * The best sentence is always kept; up to two others join it while they score at least 80% of it and fit
 * `maxChars`. A sentence that introduces a list brings the list's item titles with it.
 */
export async function composeExtractiveAnswer(input: {
  retrieval: Retrieval;
  embeddings: EmbeddingsInterface;
  sentenceVectors: SentenceVectorCache;
  idf: (term: string) => number;
  maxChars: number;
}): Promise<ComposedAnswer> {
  const { retrieval, maxChars } = input;
  const bestSection = retrieval.sections[0]?.key;
  const candidates = retrieval.passages.flatMap((passage, passageRank) =>
    readPassage(passage, passageRank, retrieval.passages),
  );
  if (candidates.length === 0) return { text: '', citations: [] };

  const vectors = await input.sentenceVectors.get(
    candidates.map((c) => c.text),
    input.embeddings,
  );
  const wantsAmount = ASKS_FOR_AMOUNT.test(retrieval.question);
  const questionWeight = retrieval.queryTerms.reduce((sum, q) => sum + q.weight * input.idf(q.term), 0) || 1;
  for (const [i, candidate] of candidates.entries()) {
    const unitTerms = new Set(terms([candidate.text, ...candidate.listTitles.map((t) => t.text)].join(' ')));
    const lexical =
      retrieval.queryTerms.reduce(
        (sum, q) => sum + (unitTerms.has(q.term) ? q.weight * input.idf(q.term) : 0),
        0,
      ) / questionWeight;
    const dense = dot(retrieval.queryVector, vectors[i]!);
    const isLead = candidate.position === 0 && candidate.passage.chunkId.endsWith(':0');
    const inBest = sectionKey(candidate.passage) === bestSection;
    candidate.score =
      WEIGHTS.lexical * Math.min(1, lexical) +
      WEIGHTS.dense * dense +
      (isLead ? WEIGHTS.leadSentence : 0) +
      (inBest ? WEIGHTS.bestSection : 0) +
      (wantsAmount && HAS_AMOUNT.test(candidate.text) ? WEIGHTS.answerType : 0);
  }

  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  // The best sentence is always quoted; a list it introduces keeps as many titles as fit.
  best.listTitles = fitTitles(best.listTitles, maxChars - best.text.length - 4);
  const chosen: Candidate[] = [best];
  let length = renderedLength(best);
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= MAX_UNITS || candidate.score < best.score * KEEP_RATIO) break;
    if (chosen.some((c) => overlaps(c, candidate))) continue;
    const extra = renderedLength(candidate) + 1;
    if (length + extra > maxChars) continue;
    chosen.push(candidate);
    length += extra;
  }

  // Quote in the guide's reading order: best section first, then chunk order, then sentence order.
  const sectionRank = new Map(retrieval.sections.map((section, rank) => [section.key, rank]));
  const rankOf = (c: Candidate) => sectionRank.get(sectionKey(c.passage)) ?? Infinity;
  chosen.sort(
    (a, b) => rankOf(a) - rankOf(b) || ordinalOf(a.passage) - ordinalOf(b.passage) || a.position - b.position,
  );

  const numberOf = new Map<string, number>();
  const citations: Citation[] = [];
  const cite = (passage: RetrievedPassage): number => {
    let n = numberOf.get(passage.chunkId);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(passage.chunkId, n);
      citations.push(toCitation(passage, n));
    }
    return n;
  };
  const parts = chosen.map((candidate) => {
    const n = cite(candidate.passage);
    const sentence = `${truncate(candidate.text, maxChars - 5)} [${n}]`;
    if (candidate.listTitles.length === 0) return sentence;
    const items = candidate.listTitles.map((title) => {
      const m = cite(title.passage);
      return m === n ? `- ${title.text}` : `- ${title.text} [${m}]`;
    });
    return [sentence, ...items].join('\n');
  });
  const hasList = chosen.some((c) => c.listTitles.length > 0);
  return { text: parts.join(hasList ? '\n' : ' '), citations };
}

interface Line {
  text: string;
  passage: RetrievedPassage;
  isItem: boolean;
}

/**
 * The retrieved passages of one section, merged in the guide's order (chunk overlap removed), so a list
 * that runs over two chunks reads as one.
 */
function sectionLines(passages: readonly RetrievedPassage[], section: string): Line[] {
  const own = passages.filter((p) => sectionKey(p) === section).sort((a, b) => ordinalOf(a) - ordinalOf(b));
  const lines: Line[] = [];
  const seen = new Set<string>();
  for (const passage of own) {
    for (const text of passage.text.split('\n')) {
      if (!text.trim() || seen.has(text)) continue;
      seen.add(text);
      lines.push({ text, passage, isItem: /^\s*[-*+]\s+/.test(text) });
    }
  }
  return lines;
}

function ordinalOf(passage: RetrievedPassage): number {
  return Number(passage.chunkId.slice(passage.chunkId.lastIndexOf(':') + 1)) || 0;
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
  const texts = [...new Set(passages.flatMap((p, rank) => readPassage(p, rank, [p]).map((c) => c.text)))];
  for (let start = 0; start < texts.length; start += batchSize) {
    await cache.get(texts.slice(start, start + batchSize), embeddings);
    // The encoder holds the event loop while it runs: small batches and a turn in between let a
    // question (and Discord's 3-second deadline) through.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return texts.length;
}

/** A passage's sentences as answer candidates, keeping track of lines and list items. */
function readPassage(
  passage: RetrievedPassage,
  passageRank: number,
  all: readonly RetrievedPassage[],
): Candidate[] {
  const lines = passage.text.split('\n').filter((line) => line.trim().length > 0);
  const candidates: Candidate[] = [];
  let position = 0;
  lines.forEach((rawLine, line) => {
    const isItem = /^\s*[-*+]\s+/.test(rawLine);
    const sentences = splitSentences(rawLine);
    for (let i = 0; i < sentences.length; i++) {
      let text = sentences[i]!;
      // "Hospitals." alone answers nothing; quote it with the sentence that explains it.
      if (isItem && i === 0 && text.length < TITLE_LENGTH && sentences[i + 1]) {
        // Sliced from the line, not joined with one space, so it stays word for word however the guide spaces them.
        const next = sentences[i + 1]!;
        const from = rawLine.indexOf(text);
        text = rawLine.slice(from, rawLine.indexOf(next, from + text.length) + next.length);
        i++;
      }
      const listTitles = text.trimEnd().endsWith(':') ? titlesOfListAfter(rawLine, passage, all) : [];
      candidates.push({ passage, passageRank, line, position: position++, text, listTitles, score: 0 });
    }
  });
  return candidates;
}

/** The first sentence of each list item right after `line`, across the section's retrieved passages. */
function titlesOfListAfter(
  line: string,
  passage: RetrievedPassage,
  all: readonly RetrievedPassage[],
): ListTitle[] {
  const lines = sectionLines(all, sectionKey(passage));
  const at = lines.findIndex((l) => l.text === line);
  const titles: ListTitle[] = [];
  for (const next of lines.slice(at + 1)) {
    if (!next.isItem) break;
    const first = splitSentences(next.text)[0];
    if (first) titles.push({ text: first, passage: next.passage });
  }
  return titles.slice(0, MAX_LIST_TITLES);
}

function fitTitles(titles: ListTitle[], budget: number): ListTitle[] {
  const kept: ListTitle[] = [];
  let used = 0;
  for (const title of titles) {
    if (used + title.text.length + 7 > budget) break;
    kept.push(title);
    used += title.text.length + 7;
  }
  return kept;
}

function renderedLength(candidate: Candidate): number {
  return candidate.text.length + 4 + candidate.listTitles.reduce((sum, t) => sum + t.text.length + 7, 0);
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.passage.chunkId === b.passage.chunkId && (a.text.includes(b.text) || b.text.includes(a.text));
}

/** A single sentence longer than the budget is cut at a word boundary and marked with an ellipsis. */
function truncate(sentence: string, max: number): string {
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}
