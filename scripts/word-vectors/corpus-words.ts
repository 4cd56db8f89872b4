import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Word tokens of the corpus, lower-cased. The same tokens as `words()` in src/core/words/text.ts (letters and digits,
 * apostrophes dropped: "don’t" -> "dont"), which is how questions and passages are tokenised at run time, plus
 * hyphenated compounds kept whole ("fast-paced", "long-term"), which GloVe has as words of their own. Mirrored
 * rather than imported so this offline tool does not depend on the shape of src/.
 */
export function corpusWords(dir: string): Set<string> {
  if (!existsSync(dir)) throw new UsageError(`--corpus ${dir} does not exist`);
  const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
  const found = new Set<string>();
  for (const name of files) {
    const text = readFileSync(path.join(dir, name), 'utf8')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[’'`]/g, '');
    for (const token of text.match(/[\p{L}\p{N}]+/gu) ?? []) found.add(token);
    for (const token of text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []) found.add(token);
  }
  return found;
}

/** Pure punctuation (",", "“", "$") can never be a word token at run time: no row is spent on it. */
export function isWordLike(word: string): boolean {
  return /[\p{L}\p{N}]/u.test(word) && !/\s/u.test(word);
}
