import { expect } from 'vitest';
import type { Citation, RetrievedPassage } from '../../../src/core/types.js';

/** One quoted piece of an extractive answer and the citation numbers written after it. */
export interface QuotedUnit {
  text: string;
  cites: number[];
}

const MARKER = /\s*\[(\d+(?:,\s*\d+)*)\]/g;

/**
 * Reads an extractive answer back into its quoted units: each text before a `[n]` marker is one unit
 * (several on a line when sentences are joined by spaces), and a `- ` list item without a marker
 * belongs to the marker of the sentence that introduced the list. Text after the last marker of a
 * line that is not such a list item is returned with no citations, so a check fails on it.
 */
export function readQuotedUnits(answer: string): QuotedUnit[] {
  const units: QuotedUnit[] = [];
  let listIntro: number[] = [];
  for (const line of answer.split('\n')) {
    if (!line.trim()) continue;
    const isItem = line.startsWith('- ');
    const body = isItem ? line.slice(2) : line;
    let start = 0;
    let marked = false;
    for (const match of body.matchAll(MARKER)) {
      const cites = match[1]!.split(',').map((n) => Number(n.trim()));
      units.push({ text: body.slice(start, match.index).trim(), cites });
      start = (match.index ?? 0) + match[0].length;
      marked = true;
      if (!isItem) listIntro = cites;
    }
    const rest = body.slice(start).trim();
    if (rest) units.push({ text: rest, cites: isItem && !marked ? listIntro : [] });
  }
  return units;
}

/**
 * Asserts that an extractive answer is grounded: every quoted unit appears word for word in the quote
 * of a citation it names (a unit with "…" where words were left out must have each piece word for word,
 * in order), every `[n]` names a citation, every citation is named, numbered 1..n in order, one per
 * section, and quotes what was retrieved: a passage, or (for a section quoted from several chunks) the
 * lines of that section's retrieved passages, starting with the passage its `chunkId` names.
 */
export function expectGroundedAnswer(
  answer: string,
  citations: readonly Citation[],
  passages: readonly RetrievedPassage[],
): void {
  const units = readQuotedUnits(answer);
  expect(units.length, 'the answer quotes something').toBeGreaterThan(0);
  expect(citations.map((c) => c.n)).toEqual(citations.map((_, i) => i + 1));

  const named = new Set<number>();
  for (const unit of units) {
    expect(unit.text, `an empty unit in ${JSON.stringify(answer)}`).not.toBe('');
    expect(unit.cites.length, `"${unit.text}" names no citation`).toBeGreaterThan(0);
    for (const n of unit.cites) {
      expect(n, `[${n}] in ${JSON.stringify(answer)}`).toBeGreaterThanOrEqual(1);
      expect(n, `[${n}] in ${JSON.stringify(answer)}`).toBeLessThanOrEqual(citations.length);
      named.add(n);
    }
    const sources = unit.cites.map((n) => citations[n - 1]?.quote ?? '');
    expect(
      sources.some((quote) => quotesInOrder(quote, unit.text)),
      `"${unit.text}" is not word for word in the quote of [${unit.cites.join(', ')}]`,
    ).toBe(true);
  }
  expect([...named].sort((a, b) => a - b)).toEqual(citations.map((c) => c.n));

  const sections = citations.map((c) => `${c.source}#${c.anchor}`);
  expect(new Set(sections).size, `a section is cited twice: ${sections.join(', ')}`).toBe(sections.length);

  const byId = new Map(passages.map((p) => [p.chunkId, p]));
  for (const citation of citations) {
    const passage = byId.get(citation.chunkId);
    expect(passage, `citation ${citation.n} (${citation.chunkId}) was not retrieved`).toBeDefined();
    expect(citation).toMatchObject({
      heading: passage!.heading,
      headingPath: passage!.headingPath,
      anchor: passage!.anchor,
      source: passage!.source,
    });
    if (citation.quote === passage!.text) continue;
    // A section quoted from several chunks: its quote is their lines, in order, the first chunk first.
    const sectionLines = new Set(
      passages
        .filter((p) => p.source === passage!.source && p.anchor === passage!.anchor)
        .flatMap((p) => p.text.split('\n')),
    );
    const lines = citation.quote.split('\n');
    expect(lines.slice(0, passage!.text.split('\n').filter((l) => l.trim()).length)).toEqual(
      passage!.text.split('\n').filter((l) => l.trim()),
    );
    for (const line of lines) {
      expect(sectionLines.has(line), `"${line}" of citation ${citation.n} was not retrieved`).toBe(true);
    }
  }
}

/** Whether `unit` is word for word in `quote`, each piece around a "…" in order. */
function quotesInOrder(quote: string, unit: string): boolean {
  let from = 0;
  for (const piece of unit.split('…').map((p) => p.trim())) {
    if (!piece) continue;
    const at = quote.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}
