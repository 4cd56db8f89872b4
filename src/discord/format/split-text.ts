/**
 * Splitting and truncating text for Discord's limits (2,000 characters of message content, 4,096 in an
 * embed description, 1,024 in a field, 256 in a title). Written by hand: discord.js's old
 * `splitMessage` was removed in v14 and only split on one character.
 */

/** Discord's limits, in characters. */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFields: 25,
  embedFooter: 2048,
  /** All text in all embeds of one message together. */
  embedTotal: 6000,
});

/**
 * Boundaries to cut at, best first: a blank line, a line break, the end of a sentence, a space.
 * Each matches the separator; the cut happens after it.
 */
const BOUNDARIES: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…]["'”’)\]]*\s+/g, /\s+/g];

/**
 * Splits text into pieces of at most `max` characters, cutting at the best boundary available
 * (paragraph, line, sentence, then word). A single word longer than `max` is the only thing ever cut
 * in the middle. Pieces are trimmed; empty pieces are dropped.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError(`splitText: max must be at least 1, got ${max}`);
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const piece = rest.slice(0, cut).trim();
    if (piece.length > 0) pieces.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Where to cut `text` so the first piece (trimmed) fits in `max` characters. */
function findCut(text: string, max: number): number {
  // Look one character past the limit so a separator right at the limit still counts.
  const window = text.slice(0, max + 1);
  for (const [level, boundary] of BOUNDARIES.entries()) {
    let best = -1;
    for (const match of window.matchAll(boundary)) {
      const pieceEnd = match.index; // the piece ends before the separator
      if (pieceEnd > 0 && pieceEnd <= max) best = match.index + match[0].length;
    }
    // Prefer a coarser boundary only when it does not leave a tiny piece; any space beats a mid-word cut.
    const isLast = level === BOUNDARIES.length - 1;
    if (best > 0 && (isLast || best >= max * 0.4)) return best;
  }
  return max;
}

/**
 * Shortens text to at most `max` characters at a sentence or word boundary, adding "…" when it cut.
 */
export function truncateText(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  if (max <= 1) return '…'.slice(0, max);
  const [first = ''] = splitText(trimmed, max - 1);
  return `${first}…`;
}
