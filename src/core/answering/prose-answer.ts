import { quotableAlone, type Candidate } from './candidates.js';
import type { Quoted } from './quoted.js';
import { unitCost, type AnswerBlock } from './render.js';
import type { PartScores, ScoredCandidate } from './scoring.js';

/**
 * Units scoring at least this share of a part's best unit join it (tuning sets, fact hit: 0.8 gave
 * 0.452 / 0.725 on the member and team questions, 0.7 gave 0.464 / 0.775, 0.6 no more).
 */
const KEEP_RATIO = 0.7;
/**
 * The answering section's opening sentence leads the answer when it scores this share of the best
 * (on the tuning sets 0.6 to 0.8 changed one answer in two hundred; 0.8 kept more specific sentences).
 */
export const LEAD_RATIO = 0.8;

/**
 * A sentence answer to one question of the message, built in two steps so every question gets its
 * best sentence before any gets more: `start` takes the best unit, `extend` adds the answering
 * section's opening sentence and the units that score close to the best, within a budget.
 */
export class ProseAnswer {
  private readonly chosen: ScoredCandidate[] = [];
  private readonly open: ScoredCandidate[];

  constructor(
    private readonly scores: PartScores,
    private readonly quoted: Quoted,
    private readonly maxUnits: number,
  ) {
    this.open = scores.ranked.filter(
      (s) => quotableAlone(s.candidate) && !quoted.covers(s.candidate.section.key, s.candidate.text),
    );
  }

  /** Takes the best unit not quoted yet; returns its cost. */
  start(): number {
    const best = this.open.find((s) => !this.quoted.covers(s.candidate.section.key, s.candidate.text));
    if (!best) return 0;
    this.take(best);
    return this.cost;
  }

  get cost(): number {
    return this.chosen.reduce((sum, s) => sum + unitCost(s.candidate.text, 'sentence'), 0);
  }

  /**
   * Adds the opening sentence and close runners-up while the part's cost stays within `budget`. Close
   * by its score or by its plain score: a known question's answer sentence raises the best score, and
   * must not push out the sentences that answer on their own (on the tune halves it had: answers
   * shrank and prose lists, "main challenges of the job", lost their items).
   */
  extend(budget: number): void {
    const best = this.chosen[0];
    if (!best) return;
    const top = Math.max(...this.open.map((s) => s.plain));
    let maxUnits = this.maxUnits;
    const tryAdd = (s: ScoredCandidate) => {
      if (this.chosen.length >= maxUnits || this.chosen.some((c) => overlaps(c.candidate, s.candidate)))
        return;
      if (this.quoted.covers(s.candidate.section.key, s.candidate.text)) return;
      if (this.cost + unitCost(s.candidate.text, 'sentence') > budget) return;
      this.take(s);
    };
    const lead = this.open.find(
      (s) => s.candidate.isLead && s.candidate.section.key === this.scores.bestSection,
    );
    const close = (s: ScoredCandidate, ratio: number) =>
      s.score >= best.score * ratio || s.plain >= top * ratio;
    if (lead && lead !== best && close(lead, LEAD_RATIO)) {
      // The opening sentence comes on top of the best ones, not in place of one.
      maxUnits++;
      tryAdd(lead);
    }
    for (const s of this.open) {
      if (s !== best && close(s, KEEP_RATIO)) tryAdd(s);
    }
  }

  /**
   * The chosen units: sections in the order of their best unit, each in the guide's reading order. A
   * lone unit longer than `budget` is cut at a word boundary.
   */
  block(budget: number): AnswerBlock {
    const sectionOrder = new Map<string, number>();
    for (const s of [...this.chosen].sort((a, b) => b.score - a.score)) {
      if (!sectionOrder.has(s.candidate.section.key))
        sectionOrder.set(s.candidate.section.key, sectionOrder.size);
    }
    const rankOf = (c: Candidate) => sectionOrder.get(c.section.key)!;
    const ordered = [...this.chosen].sort(
      (a, b) =>
        rankOf(a.candidate) - rankOf(b.candidate) ||
        a.candidate.line - b.candidate.line ||
        a.candidate.index - b.candidate.index,
    );
    return ordered.map(({ candidate }) => ({
      passage: candidate.passage,
      text: ordered.length === 1 ? truncate(candidate.text, budget - 5) : candidate.text,
      kind: 'sentence' as const,
    }));
  }

  private take(s: ScoredCandidate): void {
    this.chosen.push(s);
    this.quoted.add(s.candidate.section.key, s.candidate.text);
  }
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.section.key === b.section.key && (a.text.includes(b.text) || b.text.includes(a.text));
}

/** A single sentence longer than the budget is cut at a word boundary and marked with an ellipsis. */
function truncate(sentence: string, max: number): string {
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, Math.max(1, max - 1));
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}
