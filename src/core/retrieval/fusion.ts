import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The evidence each section gets for one question, and how it is weighed. Raw values are cosines or
 * scores as measured; the `*N` values are min-max normalised over the sections for this question (so
 * a question whose every cosine is low still has a best section).
 */
export const SECTION_FEATURES = [
  'denseN',
  'headingN',
  'lexicalN',
  'askN',
  'ask3N',
  'wordsN',
  'askedWordsN',
  'dense',
  'heading',
  'ask',
  'ask3',
  'words',
  'headingTerms',
] as const;
export type SectionFeature = (typeof SECTION_FEATURES)[number];
export type SectionFeatures = Record<SectionFeature, number>;

/** Per-question evidence for the scope decision (see `scopeFeatures`). */
export const SCOPE_FEATURES = [
  'topScore',
  'margin',
  'semantic',
  'ask',
  'closerToNotCovered',
  'notCovered',
  'notCoveredOnTopic',
  'notCoveredNear',
  'askedNear',
  'figureMissing',
  'lexical',
  'coverage',
  'wordCoverage',
  'unknownShare',
  'specificUnknown',
  'namesGuideTerm',
  'weakestCover',
  'meanCover',
  'unknownNouns',
  'unknownNamed',
  'otherPerson',
  'otherCompound',
  'askedOther',
] as const;
export type ScopeFeature = (typeof SCOPE_FEATURES)[number];
export type ScopeFeatures = Record<ScopeFeature, number>;

/**
 * Which way each piece of scope evidence can point: 1 for the guide covering the question (closeness to
 * the guide, its headings and its listed questions, the question's words it knows), -1 against
 * (closeness to questions it does not cover, a figure it never gives, words and people it never names).
 * The fit keeps each weight on its side of 0 (see `fitLogistic`'s `signs`).
 */
export const SCOPE_FEATURE_SIGNS: Readonly<Record<ScopeFeature, 1 | -1>> = {
  topScore: 1,
  margin: 1,
  semantic: 1,
  ask: 1,
  closerToNotCovered: -1,
  notCovered: -1,
  notCoveredOnTopic: -1,
  notCoveredNear: -1,
  askedNear: 1,
  figureMissing: -1,
  lexical: 1,
  coverage: 1,
  wordCoverage: 1,
  unknownShare: -1,
  specificUnknown: -1,
  namesGuideTerm: 1,
  weakestCover: 1,
  meanCover: 1,
  unknownNouns: -1,
  unknownNamed: -1,
  otherPerson: -1,
  otherCompound: -1,
  askedOther: -1,
};

/**
 * What a quotable unit's score for one question is made of, each between 0 and 1 (see `scorePart`):
 * its share of the question's term weight, its meaning's cosine with the question, being its section's
 * opening sentence, being in the section that answers, holding the kind of figure asked for, and being
 * the answer sentence of a known question close to the member's (that question's cosine).
 */
export const UNIT_FEATURES = [
  'lexical',
  'dense',
  'lead',
  'bestSection',
  'answerType',
  'knownAnswer',
  'softWords',
] as const;
export type UnitFeature = (typeof UNIT_FEATURES)[number];
export type UnitFeatures = Record<UnitFeature, number>;

const weightsOf = <T extends readonly string[]>(names: T) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.number()])) as Record<T[number], z.ZodNumber>);

const ScopeParamsSchema = z.object({
  bias: z.number(),
  weights: weightsOf(SCOPE_FEATURES),
  /** Probability at or above which the question is answered plainly. */
  answerAt: z.number(),
  /** Between this and `answerAt` the answer is hedged ("The guide's closest answer:"); below, refused. */
  hedgeAt: z.number(),
});

/** The scope features that need the guide's not-covered questions (0 for a guide without them). */
export const NOT_COVERED_FEATURES: readonly ScopeFeature[] = [
  'notCovered',
  'notCoveredOnTopic',
  'notCoveredNear',
  'closerToNotCovered',
];

/** Fitted by `npm run fit` (scripts/fit.ts) on the tune half of the question sets; reviewed in git. */
export const FittedParamsSchema = z.object({
  fittedAt: z.string(),
  fittedOn: z.array(z.string()),
  ranking: z.object({ bias: z.number(), weights: weightsOf(SECTION_FEATURES) }),
  scope: ScopeParamsSchema,
  /**
   * The same model fitted without the not-covered evidence (its two weights 0), for a guide that lists
   * no questions it does not answer: there those features are 0, which the full model would read as
   * "far from every not-covered question" and answer nearly everything.
   */
  scopeWithoutNotCovered: ScopeParamsSchema.optional(),
  /**
   * Both models fitted on the evidence a guide without alternative questions gives (a new guide): there
   * the asked-like features are the headings' alone, and the models above would rank and refuse by
   * evidence that is not there.
   */
  withoutQuestions: z
    .object({
      ranking: z.object({ bias: z.number(), weights: weightsOf(SECTION_FEATURES) }),
      scope: ScopeParamsSchema,
    })
    .optional(),
  /**
   * Weights of a unit's score when the answer picks the sentences to quote, fitted on which units hold
   * the facts a question wants (without them, the hand-set `HAND_SET_UNIT_WEIGHTS`).
   */
  units: z.object({ weights: weightsOf(UNIT_FEATURES) }).optional(),
  notes: z.string().optional(),
});
export type FittedParams = z.infer<typeof FittedParamsSchema>;

/** The hand-set fusion: the three normalised signals summed (used when nothing was fitted). */
export const HAND_SET_RANKING: FittedParams['ranking'] = {
  bias: 0,
  weights: Object.fromEntries(
    SECTION_FEATURES.map((name) => [name, ['denseN', 'headingN', 'lexicalN'].includes(name) ? 1 : 0]),
  ) as SectionFeatures,
};

/** The committed parameters, beside this file. */
export const FITTED_PARAMS_FILE = new URL('./fitted-params.json', import.meta.url);

/** Reads and checks fitted parameters (a file written by `npm run fit`). */
export function loadFittedParams(file: URL | string = FITTED_PARAMS_FILE): FittedParams {
  return FittedParamsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The ranking score of a section: a linear model over its features (the logit of "this section answers it"). */
export function scoreSection(features: SectionFeatures, params: FittedParams['ranking']): number {
  let score = params.bias;
  for (const name of SECTION_FEATURES) score += params.weights[name] * features[name];
  return score;
}

/** A quotable unit's score for one question: a linear model over its features. */
export function unitScore(features: UnitFeatures, weights: Readonly<UnitFeatures>): number {
  let score = 0;
  for (const name of UNIT_FEATURES) score += weights[name] * features[name];
  return score;
}

/** The probability that the guide covers the question, from the scope model. */
export function scopeProbability(features: ScopeFeatures, params: FittedParams['scope']): number {
  let logit = params.bias;
  for (const name of SCOPE_FEATURES) logit += params.weights[name] * features[name];
  return 1 / (1 + Math.exp(-logit));
}
