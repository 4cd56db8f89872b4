import { describe, expect, it } from 'vitest';
import { judgeScope, type GuideVocabulary, type ScopeQuestion } from '../../../src/core/scope/judge-scope.js';
import { SCOPE_FEATURES, type FittedParams } from '../../../src/core/retrieval/fusion.js';

const guideWords = new Set(['salary', 'nurse', 'practitioner', 'medical', 'assistant', 'pay', 'much']);

/** A guide that knows `guideWords`; WordNet's answers stubbed for the words these tests use. */
const vocabulary: GuideVocabulary = {
  isKnown: (word) => guideWords.has(word),
  senseCount: () => 3,
  nounShare: () => 1,
  isPerson: () => false,
  isProperNoun: (word) => ['canada', 'rn', 'houston'].includes(word),
  isOtherCompound: (first, second) => first === 'nurse' && second.startsWith('practitioner'),
  frequencyOf: () => 5,
  chunkCount: 20,
};

const params: FittedParams['scope'] = {
  bias: 0,
  weights: Object.fromEntries(SCOPE_FEATURES.map((name) => [name, 0])) as FittedParams['scope']['weights'],
  answerAt: 0.5,
  hedgeAt: 0.5,
};

function ask(question: string): ScopeQuestion {
  return {
    question,
    context: undefined,
    semantic: 0.5,
    ranking: {
      topScore: 1,
      margin: 0.2,
      ask: 0.5,
      notCovered: 0,
      notCoveredOnTopic: 0,
      notCoveredNear: 0,
      askedNear: 0.5,
      lexical: 1,
      wordCoverage: 1,
      cover: [0.8],
      figureMissing: 0,
    },
  };
}

const features = (question: string) => judgeScope(ask(question), vocabulary, params).features!;

describe('judgeScope: names the guide lacks', () => {
  it('counts a proper noun typed in lower case as named ("canada"), as it counts a capitalised one', () => {
    expect(features('medical assistant salary in canada').unknownNamed).toBe(0.5);
    expect(features('medical assistant salary in Canada').unknownNamed).toBe(0.5);
    expect(features('medical assistant salary in canada or houston').unknownNamed).toBe(1);
    expect(features('medical assistant salary').unknownNamed).toBe(0);
  });

  it('leaves chat\'s short forms out of it: "rn" is "right now" far more often than a proper noun', () => {
    expect(features('medical assistant salary rn').unknownNamed).toBe(0);
    // Typed in capitals it still names something.
    expect(features('medical assistant salary vs RN').unknownNamed).toBe(0.5);
  });

  it('flags another job named in two words the guide has each of ("nurse practitioner")', () => {
    expect(features('how much do nurse practitioners make').otherCompound).toBe(1);
    expect(features('how much do nurses make as a practitioner').otherCompound).toBe(0);
    expect(features('how much do medical assistants make').otherCompound).toBe(0);
  });
});

describe('judgeScope: sums', () => {
  // A model that answers everything: only the rule can refuse.
  const eager = { ...params, bias: 10, answerAt: 0.5, hedgeAt: 0.4 };

  it('refuses a sum to work out whatever the model says, without asking the model', () => {
    const judged = judgeScope(ask('whats 15% of 240'), vocabulary, eager);
    expect(judged).toMatchObject({ inScope: false, decision: 'refuse' });
    expect(judged.features).toBeUndefined();
    expect(judged.reason).toMatch(/sum/);
  });

  it('leaves a question about a figure to the model', () => {
    expect(judgeScope(ask('is the 15% pay rise much?'), vocabulary, eager).decision).toBe('answer');
  });
});
