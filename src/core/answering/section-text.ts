import type { RetrievedPassage } from '../types.js';
import type { Retrieval } from '../retrieval/hybrid-retriever.js';
import { sectionKey } from '../retrieval/sections.js';

/** One non-empty line of a section (a paragraph or a list item), with the chunk it was read from. */
export interface SectionLine {
  text: string;
  passage: RetrievedPassage;
  isItem: boolean;
}

/** A section as an answer reads it: its known lines in the guide's order. */
export interface SectionText {
  key: string;
  heading: string;
  /** Rank of the section in the retrieval for the whole question (0 is the best). */
  rank: number;
  lines: SectionLine[];
  /** Whether the first line is the section's opening line (its first chunk is known). */
  opensSection: boolean;
}

/** Every chunk of a section of the serving index, in order (see `AnswerSections.complete`). */
export type SectionPassages = (sectionKey: string) => readonly RetrievedPassage[];

/** The lookup of every chunk of each section, from all of an index's passages in order. */
export function passagesBySection(passages: readonly RetrievedPassage[]): SectionPassages {
  const bySection = new Map<string, RetrievedPassage[]>();
  for (const passage of passages) {
    const key = sectionKey(passage);
    bySection.set(key, [...(bySection.get(key) ?? []), passage]);
  }
  return (key) => bySection.get(key) ?? [];
}

/**
 * Back matter says nothing about the topic: a references list or a table of contents. Recognised by the
 * heading the convention gives them, or by the shape of a bibliography (most lines hold a URL).
 */
const BACK_MATTER_HEADING =
  /^\s*(references|bibliography|works cited|sources|table of contents|contents)\s*:?\s*$/i;

export function isBackMatter(heading: string, lines: readonly { text: string }[]): boolean {
  if (BACK_MATTER_HEADING.test(heading)) return true;
  const withUrl = lines.filter((line) => /https?:\/\//.test(line.text)).length;
  return lines.length > 0 && withUrl * 2 >= lines.length;
}

/** The passages that are not back matter (each judged with the other retrieved chunks of its section). */
export function withoutBackMatter(passages: readonly RetrievedPassage[]): RetrievedPassage[] {
  return passages.filter(
    (p) => !isBackMatter(p.heading, mergeLines(passages.filter((q) => sectionKey(q) === sectionKey(p)))),
  );
}

export function ordinalOf(passage: RetrievedPassage): number {
  return Number(passage.chunkId.slice(passage.chunkId.lastIndexOf(':') + 1)) || 0;
}

const ITEM = /^\s*[-*+]\s+/;

/**
 * Merges chunks of one section in the guide's order into lines, dropping lines repeated by the
 * splitter's overlap, so a list that runs over two chunks reads as one.
 */
export function mergeLines(passages: readonly RetrievedPassage[]): SectionLine[] {
  const lines: SectionLine[] = [];
  const seen = new Set<string>();
  for (const passage of [...passages].sort((a, b) => ordinalOf(a) - ordinalOf(b))) {
    for (const text of passage.text.split('\n')) {
      if (!text.trim() || seen.has(text)) continue;
      seen.add(text);
      lines.push({ text, passage, isItem: ITEM.test(text) });
    }
  }
  return lines;
}

/**
 * The sections an answer may quote: the retrieved passages grouped by section, best section first,
 * back matter left out. `complete` adds a section's other chunks when a lookup is given, because the
 * retriever returns at most three chunks of a section and a list can run over five.
 */
export class AnswerSections {
  private readonly retrieved = new Map<string, RetrievedPassage[]>();
  private readonly ranks = new Map<string, number>();
  private readonly completed = new Map<string, SectionText>();

  constructor(
    retrieval: Retrieval,
    private readonly lookup?: SectionPassages,
  ) {
    retrieval.sections.forEach((section, rank) => this.ranks.set(section.key, rank));
    for (const passage of retrieval.passages) {
      const key = sectionKey(passage);
      const own = this.retrieved.get(key) ?? [];
      own.push(passage);
      this.retrieved.set(key, own);
    }
    for (const [key, passages] of this.retrieved) {
      if (isBackMatter(passages[0]!.heading, mergeLines(passages))) this.retrieved.delete(key);
    }
  }

  /** The retrieved sections (only their retrieved chunks), in retrieval order. */
  list(): SectionText[] {
    return [...this.retrieved.keys()]
      .map((key) => this.completed.get(key) ?? this.build(key, this.retrieved.get(key)!))
      .sort((a, b) => a.rank - b.rank);
  }

  /** A retrieved section with all of its chunks (as retrieved when there is no lookup). */
  complete(key: string): SectionText {
    const done = this.completed.get(key);
    if (done) return done;
    const retrieved = this.retrieved.get(key) ?? [];
    const score = Math.max(0, ...retrieved.map((p) => p.score));
    const known = new Set(retrieved.map((p) => p.chunkId));
    const extra = (this.lookup?.(key) ?? [])
      .filter((p) => !known.has(p.chunkId))
      .map((p) => ({ ...p, score }));
    const section = this.build(key, [...retrieved, ...extra]);
    this.completed.set(key, section);
    return section;
  }

  private build(key: string, passages: RetrievedPassage[]): SectionText {
    const lines = mergeLines(passages);
    return {
      key,
      heading: passages[0]?.heading ?? '',
      rank: this.ranks.get(key) ?? this.ranks.size,
      lines,
      opensSection: lines.length > 0 && ordinalOf(lines[0]!.passage) === 0,
    };
  }
}
