import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../../../src/core/words/word-vectors.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { type LoadedIndex } from '../../../src/index/read.js';
import { HybridRetriever, type HybridRetrieverDeps } from '../../../src/core/retrieval/hybrid-retriever.js';
import { sectionKey } from '../../../src/core/retrieval/sections.js';
import { loadWordNet, type SynonymSource } from '../../../src/core/words/wordnet.js';
import { stem } from '../../../src/core/words/text.js';
import { TINY_CORPUS, makeTempDir } from '../../ingest/helpers.js';
import { buildRetriever } from './retriever-fixture.js';
import { NOT_COVERED_KEY } from '../../../src/core/retrieval/taught-lesson.js';
import { loadFittedParams, type FittedParams } from '../../../src/core/retrieval/fusion.js';

/**
 * Retrieval and scope judgement on the tiny beekeeping + sourdough corpus, with the real parts:
 * USE-lite, hnswlib, LangChain's BM25 and WordNet.
 */

const embeddings = new UseLiteEmbeddings();
let tmp: { dir: string; cleanup: () => void };
let index: LoadedIndex;
let retriever: HybridRetriever;

beforeAll(async () => {
  tmp = makeTempDir('guidebot-retriever-');
  ({ index, retriever } = await buildRetriever(TINY_CORPUS, tmp.dir, embeddings));
});
afterAll(() => tmp?.cleanup());

/** A synonym source that knows only what a test tells it. */
function fakeSynonyms(table: Record<string, string[]>): SynonymSource {
  return {
    synonyms: (word) => table[word.toLowerCase()] ?? [],
    senseCount: (word) => (table[word.toLowerCase()] ? 1 : 0),
    nounShare: () => 0,
  };
}

describe('HybridRetriever: paraphrases', () => {
  it.each([
    ['What yield of honey can I expect each year?', 'how-much-honey-does-a-hive-produce'],
    ['Is it allowed to have beehives in an urban area?', 'can-i-keep-bees-in-a-city'],
    ['How can I stop bees from attacking me?', 'how-do-i-avoid-getting-stung'],
    ['How hot should the oven be?', 'what-oven-temperature-should-i-bake-at'],
    ['How long should I let the dough ferment?', 'how-long-does-the-dough-need-to-rise'],
  ])(
    'ranks the section a paraphrase asks about first and judges it in scope: %s',
    async (question, anchor) => {
      const retrieval = await retriever.retrieve(question);
      expect(retrieval.sections[0]?.anchor).toBe(anchor);
      expect(retrieval.scope.inScope).toBe(true);
      expect(retrieval.passages[0]?.anchor).toBe(anchor);
    },
  );
});

describe('HybridRetriever: exact terms', () => {
  it.each([
    ['Langstroth', 'what-equipment-do-i-need'],
    ['pheromone', 'how-do-i-avoid-getting-stung'],
    ['Seattle', 'can-i-keep-bees-in-a-city'],
    ['nitrile gloves', 'do-i-need-a-bee-suit'],
  ])('ranks the only section containing the rare term "%s" first', async (question, anchor) => {
    const retrieval = await retriever.retrieve(question);
    expect(retrieval.sections[0]?.anchor).toBe(anchor);
    expect(retrieval.sections[0]?.lexical).toBeGreaterThan(0);
  });

  it('weighs a rare term more than a common one (BM25 idf over the chunks)', () => {
    expect(retriever.idf(stem('langstroth'))).toBeGreaterThan(retriever.idf(stem('bees')));
    // A term the guide does not contain is the rarest of all.
    expect(retriever.idf('zzzunknown')).toBeGreaterThanOrEqual(retriever.idf(stem('langstroth')));
  });
});

describe('HybridRetriever: scope', () => {
  it.each(['What is the capital of France?', 'Tell me a joke about cats'])(
    'judges an off-topic question out of scope, none of its words being in the guide: %s',
    async (question) => {
      const retrieval = await retriever.retrieve(question);
      expect(retrieval.scope.inScope).toBe(false);
      expect(retrieval.scope.knownWords).toEqual([]);
      expect(retrieval.scope.contentWords.length).toBeGreaterThan(0);
      expect(retrieval.scope.reason).not.toBe('covered');
    },
  );

  it('judges the scope on what a message asks, not on what the member tells about themselves', async () => {
    const told = await retriever.retrieve(
      'I spent ten years managing a Walmart in Ohio. How much honey does a hive produce?',
    );
    expect(told.scope.contentWords).not.toContain('walmart');
    expect(told.scope.contentWords).toContain('honey');
    expect(told.scope.inScope).toBe(true);
    expect(told.sections[0]?.anchor).toBe('how-much-honey-does-a-hive-produce');
  });

  it('judges a question without content words out of scope when there is no conversation', async () => {
    const retrieval = await retriever.retrieve('What is it?');
    expect(retrieval.scope).toMatchObject({ inScope: false, contentWords: [], reason: 'no content words' });
  });

  it('counts a question word as known through a synonym the guide uses', async () => {
    const withoutSynonyms = await HybridRetriever.create({
      documents: index.documents,
      vectorStore: index.vectorStore,
      embeddings,
      synonyms: fakeSynonyms({}),
    });
    const withSynonyms = await HybridRetriever.create({
      documents: index.documents,
      vectorStore: index.vectorStore,
      embeddings,
      synonyms: fakeSynonyms({ apiary: ['hive'] }),
    });
    const question = 'How big is an apiary?';
    const plain = await withoutSynonyms.retrieve(question);
    expect(plain.scope.knownWords).not.toContain('apiary');
    expect(plain.queryTerms.map((t) => t.term)).not.toContain(stem('hive'));

    const widened = await withSynonyms.retrieve(question);
    expect(widened.scope.knownWords).toContain('apiary');
    // The synonym joins the query terms at half weight, for sentence selection.
    expect(widened.queryTerms).toContainEqual({ term: stem('hive'), weight: 0.5 });
  });
});

describe('HybridRetriever: evidence for the scope model', () => {
  const zeroScope = (): FittedParams => {
    const params = loadFittedParams();
    return {
      ...params,
      scope: {
        ...params.scope,
        weights: Object.fromEntries(
          Object.keys(params.scope.weights).map((name) => [name, 0]),
        ) as FittedParams['scope']['weights'],
      },
    };
  };

  /** A retriever over the tiny corpus with no synonyms and, unless given, every scope weight 0. */
  const retrieverWith = (extra: Partial<HybridRetrieverDeps> = {}) =>
    HybridRetriever.create({
      documents: index.documents,
      vectorStore: index.vectorStore,
      embeddings,
      synonyms: fakeSynonyms({}),
      params: zeroScope(),
      ...extra,
    });

  it('measures how much closer a question is to one the guide does not answer than to a section’s', async () => {
    const withKnown = await retrieverWith({
      params: zeroScope(),
      alternativeQuestions: [
        {
          source: 'beekeeping.md',
          heading: 'How much honey does a hive produce?',
          question: 'honey per hive?',
        },
        {
          source: 'beekeeping.md',
          heading: '',
          question: 'How do I sell honey at a market?',
          notCovered: true,
        },
      ],
    });
    const offTopic = (await withKnown.retrieve('How do I sell honey at a market?')).scope.features!;
    expect(offTopic.notCovered).toBeCloseTo(1, 3);
    expect(offTopic.closerToNotCovered).toBeGreaterThan(0.1);
    const covered = (await withKnown.retrieve('honey per hive?')).scope.features!;
    expect(covered.closerToNotCovered).toBe(0);
    // Without such questions the signal is absent, not negative.
    const plain = await retrieverWith({
      params: zeroScope(),
    });
    const none = (await plain.retrieve('How do I sell honey at a market?')).scope.features!;
    expect(none).toMatchObject({ notCovered: 0, closerToNotCovered: 0 });
  });

  it('weighs how many listed and taught questions of each kind sit near the question', async () => {
    const notCovered = [
      'How do I sell honey at a market?',
      'What price should I ask for a jar of honey at the farmers market?',
      'Do I need a permit to sell honey?',
    ];
    const withKnown = await retrieverWith({
      params: zeroScope(),
      alternativeQuestions: [
        {
          source: 'beekeeping.md',
          heading: 'How much honey does a hive produce?',
          question: 'When do I take honey off the hive?',
        },
        ...notCovered.map((question) => ({
          source: 'beekeeping.md',
          heading: '',
          question,
          notCovered: true,
        })),
      ],
    });
    const selling = (await withKnown.retrieve('Where can I sell my honey?')).scope.features!;
    // The mean of the closest three (fewer than ten listed): below the best one, above zero.
    expect(selling.notCoveredNear).toBeGreaterThan(0.2);
    expect(selling.notCoveredNear).toBeLessThan(selling.notCovered);
    expect(selling.askedNear).toBeGreaterThan(0);
    // A lesson taught as not covered counts among them: identical to the question, it raises the mean.
    const { queryVector } = await withKnown.retrieve('Where can I sell my honey?');
    const taught = await withKnown.retrieve('Where can I sell my honey?', {
      taught: [{ sectionKey: NOT_COVERED_KEY, vector: queryVector }],
    });
    expect(taught.scope.features!.notCoveredNear).toBeGreaterThan(selling.notCoveredNear);
    // A question taught to a section counts among those the guide answers.
    const key = (await withKnown.retrieve('Where can I sell my honey?')).sections[0]!.key;
    const answered = await withKnown.retrieve('Where can I sell my honey?', {
      taught: [{ sectionKey: key, vector: queryVector }],
    });
    expect(answered.scope.features!.askedNear).toBeGreaterThan(selling.askedNear);
    // Without listed questions the evidence is absent, not negative.
    const plain = await retrieverWith({ params: zeroScope() });
    const none = (await plain.retrieve('Where can I sell my honey?')).scope.features!;
    expect(none).toMatchObject({ notCoveredNear: 0, askedNear: 0 });
  });

  it('counts a listed not-covered question on topic only when the question names its topic', async () => {
    const withListed = await retrieverWith({
      params: zeroScope(),
      synonyms: await loadWordNet(),
      wordVectors: loadWordVectors(DEFAULT_WORD_VECTORS_DIR),
      alternativeQuestions: [
        { source: 'beekeeping.md', heading: '', question: 'Is being a plumber stressful?', notCovered: true },
      ],
    });
    // The same frame, not the same topic: close to the listed question, but not on its topic.
    const frame = (await withListed.retrieve('Is beekeeping stressful?')).scope.features!;
    expect(frame.notCovered).toBeGreaterThan(0.3);
    expect(frame.notCoveredOnTopic).toBe(0);
    // The same topic: both count.
    const topic = (await withListed.retrieve('Do plumbers keep bees?')).scope.features!;
    expect(topic.notCoveredOnTopic).toBeCloseTo(topic.notCovered, 6);
    expect(topic.notCoveredOnTopic).toBeGreaterThan(0);
  });

  it('finds a section by a word only its listed questions use (the asked-words evidence)', async () => {
    const heading = 'How do I avoid getting stung?';
    const withKnown = await retrieverWith({
      alternativeQuestions: [
        { source: 'beekeeping.md', heading, question: 'what PPE keeps a beekeeper safe?' },
      ],
    });
    const ranked = (await withKnown.retrieve('ppe?')).sections;
    const sting = ranked.find((s) => s.heading === heading)!;
    expect(sting.features.askedWordsN).toBe(1);
    expect(ranked.filter((s) => s.features.askedWordsN > 0)).toHaveLength(1);
    // The headings count as asked questions: the word "oven" finds the oven section's heading.
    const other = (await withKnown.retrieve('oven?')).sections;
    expect(other.find((s) => s.features.askedWordsN === 1)?.anchor).toBe(
      'what-oven-temperature-should-i-bake-at',
    );
    // Without alternative questions the evidence is absent, not a heading match again.
    const plain = await retrieverWith();
    expect((await plain.retrieve('oven?')).sections.every((s) => s.features.askedWordsN === 0)).toBe(true);
  });

  it('judges scope with the model fitted without the not-covered evidence when the guide lists none', async () => {
    const base = zeroScope();
    const params: FittedParams = {
      ...base,
      scope: { ...base.scope, bias: -10 }, // would refuse everything
      scopeWithoutNotCovered: { ...base.scope, bias: 10 }, // answers everything
    };
    const deps = { params };
    const alternative = {
      source: 'beekeeping.md',
      heading: 'How much honey does a hive produce?',
      question: 'honey per hive?',
    };
    const without = await retrieverWith({ ...deps, alternativeQuestions: [alternative] });
    expect((await without.retrieve('How much honey does a hive produce?')).scope.decision).toBe('answer');
    const withList = await retrieverWith({
      ...deps,
      alternativeQuestions: [
        alternative,
        { source: 'beekeeping.md', heading: '', question: 'How do I sell honey?', notCovered: true },
      ],
    });
    expect((await withList.retrieve('How much honey does a hive produce?')).scope.decision).toBe('refuse');
  });

  it('refuses a question a moderator taught as not covered, and weighs the lesson like a listed one', async () => {
    const fitted = await retrieverWith({
      params: loadFittedParams(),
    });
    const question = 'How much honey does a hive produce?';
    const { queryVector } = await fitted.retrieve(question);
    const taught = [{ sectionKey: NOT_COVERED_KEY, vector: queryVector }];
    const retrieval = await fitted.retrieve(question, { taught });
    expect(retrieval.scope).toMatchObject({ inScope: false, decision: 'refuse' });
    expect(retrieval.scope.reason).toMatch(/taught as not covered/);
    expect(retrieval.scope.features!.notCovered).toBeCloseTo(1, 3);
  });

  it('ranks and judges with the models fitted without alternative questions for a guide that has none', async () => {
    const base = zeroScope();
    const params: FittedParams = {
      ...base,
      scope: { ...base.scope, bias: -10 },
      scopeWithoutNotCovered: { ...base.scope, bias: -10 },
      withoutQuestions: { ranking: base.ranking, scope: { ...base.scope, bias: 10 } },
    };
    const deps = { params };
    const question = 'How much honey does a hive produce?';
    const bare = await retrieverWith(deps);
    expect((await bare.retrieve(question)).scope.decision).toBe('answer');
    const withQuestions = await retrieverWith({
      ...deps,
      alternativeQuestions: [{ source: 'beekeeping.md', heading: question, question: 'honey per hive?' }],
    });
    expect((await withQuestions.retrieve(question)).scope.decision).toBe('refuse');
  });

  it('flags a question for a kind of figure the best sections never give', async () => {
    const fitted = await retrieverWith({
      params: zeroScope(),
    });
    // The equipment section gives a price; the honey section gives pounds, not a percentage.
    const price = await fitted.retrieve('How much does the hive equipment cost?');
    expect(price.scope.features!.figureMissing).toBe(0);
    const share = await fitted.retrieve('What percentage of the honey yield do bees eat in winter?');
    expect(share.scope.features!.figureMissing).toBe(1);
    // The price is for one hive, not a month, and in dollars, not pounds.
    const monthly = await fitted.retrieve('How much does the hive equipment cost per month?');
    expect(monthly.scope.features!.figureMissing).toBe(1);
    const pounds = await fitted.retrieve('How much does the hive equipment cost in pounds?');
    expect(pounds.scope.features!.figureMissing).toBe(1);
  });

  it('does not flag a missing figure when a yes/no question only compares', async () => {
    const fitted = await retrieverWith({ params: zeroScope() });
    const amount = await fitted.retrieve('How much do beekeepers earn from winter honey?');
    expect(amount.scope.features!.figureMissing).toBe(1);
    const compared = await fitted.retrieve('Do beekeepers earn more from winter honey?');
    expect(compared.scope.features!.figureMissing).toBe(0);
  });

  it('flags a person the guide never names, in what the question asks, for the scope model', async () => {
    const fitted = await retrieverWith({ params: zeroScope(), synonyms: await loadWordNet() });
    const plumbers = await fitted.retrieve('How much honey do plumbers produce?');
    expect(plumbers.scope.features!.otherPerson).toBe(1);
    // "beekeepers" is a person the guide names; "honey" is no person.
    const beekeepers = await fitted.retrieve('What equipment do new beekeepers need?');
    expect(beekeepers.scope.features!.otherPerson).toBe(0);
    // What a member tells about themselves is context, not the topic asked about.
    const told = await fitted.retrieve('My cousin keeps bees. How much honey does a hive produce?');
    expect(told.scope.features!.otherPerson).toBe(0);
  });
});

describe('HybridRetriever: ranking and passages', () => {
  it('ranks every section once, best first, with a fused score of three normalised signals', async () => {
    const retrieval = await retriever.retrieve('How much honey does a hive produce?');
    const keys = retrieval.sections.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(
      retriever
        .listSections()
        .map((s) => sectionKey(s))
        .sort(),
    );
    for (const [i, section] of retrieval.sections.entries()) {
      expect(section.score).toBeGreaterThanOrEqual(0);
      expect(section.score).toBeLessThanOrEqual(3);
      if (i > 0) expect(section.score).toBeLessThanOrEqual(retrieval.sections[i - 1]!.score);
    }
  });

  it('returns at most k passages, unique, each quoting its chunk exactly as indexed, best section first', async () => {
    const byId = new Map(index.documents.map((doc) => [doc.metadata.chunkId, doc]));
    for (const k of [1, 3, 5]) {
      const retrieval = await retriever.retrieve('What equipment do I need to start?', { k });
      const { passages } = retrieval;
      expect(passages.length).toBeLessThanOrEqual(k);
      expect(passages.length).toBeGreaterThan(0);
      expect(new Set(passages.map((p) => p.chunkId)).size).toBe(passages.length);
      expect(sectionKey(passages[0]!)).toBe(retrieval.sections[0]!.key);
      for (const [i, passage] of passages.entries()) {
        const doc = byId.get(passage.chunkId);
        expect(doc, passage.chunkId).toBeDefined();
        expect(passage.text).toBe(doc!.pageContent);
        expect(passage.heading).toBe(doc!.metadata.heading);
        expect(passage.headingPath).toBe(doc!.metadata.headingPath);
        if (i > 0) expect(passage.score).toBeLessThanOrEqual(passages[i - 1]!.score);
      }
    }
  });

  it('returns a unit query vector', async () => {
    const { queryVector } = await retriever.retrieve('How hot should the oven be?');
    const norm = Math.sqrt(queryVector.reduce((sum, x) => sum + x * x, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('uses the previous question of a conversation to understand a follow-up', async () => {
    const alone = await retriever.retrieve('How long does it take?');
    expect(alone.sections[0]?.anchor).not.toBe('how-do-i-make-a-sourdough-starter');

    const followUp = await retriever.retrieve('How long does it take?', {
      context: 'How do I make a sourdough starter?',
    });
    expect(followUp.sections[0]?.anchor).toBe('how-do-i-make-a-sourdough-starter');
    expect(followUp.scope.inScope).toBe(true);
    // Context terms count, but less than the question's own.
    expect(followUp.queryTerms).toContainEqual({ term: stem('sourdough'), weight: 0.3 });
  });
});

describe('HybridRetriever: a follow-up of function words alone', () => {
  it('judges the scope of "why would you do that?" on its context\'s words, and refuses it alone', async () => {
    const followUp = await retriever.retrieve('why would you do that?', {
      context: 'How do I avoid getting stung?',
    });
    expect(followUp.scope.contentWords).toEqual(expect.arrayContaining(['avoid', 'stung']));
    expect(followUp.scope.inScope).toBe(true);
    const alone = await retriever.retrieve('why would you do that?');
    expect(alone.scope.contentWords).toEqual([]);
    expect(alone.scope.inScope).toBe(false);
  });
});

describe('HybridRetriever: table of contents', () => {
  it('never lists the Table of Contents among its sections', () => {
    const headings = retriever.listSections().map((s) => s.heading);
    expect(headings).not.toContain('Table of Contents');
    expect(headings).toContain('How much honey does a hive produce?');
  });

  it('never returns the Table of Contents for a question that repeats its lines', async () => {
    const retrieval = await retriever.retrieve(
      'How much honey does a hive produce? What equipment do I need? Can I keep bees in a city?',
    );
    for (const section of retrieval.sections) expect(section.heading).not.toMatch(/table of contents/i);
    for (const passage of retrieval.passages) {
      expect(passage.headingPath).not.toMatch(/table of contents/i);
      // The TOC's list lines are not quoted from anywhere.
      expect(passage.text).not.toContain('- How much honey does a hive produce?');
    }
  });
});
