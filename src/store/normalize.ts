/**
 * The canonical form of a question for exact matching: Unicode-normalized, lower case, Discord
 * mentions and markup removed, punctuation dropped, whitespace collapsed. "What's the SALARY?" and
 * "what s the salary" are the same question.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
