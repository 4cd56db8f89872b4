/**
 * `npm run fit [-- --set eval/members-tune.jsonl ...] [--out src/core/retrieval/fitted-params.json] [--dry-run]`
 *
 * Fits the ranking (which section answers a question) and the scope decision (answer, hedge or refuse)
 * as two small logistic models over the retriever's evidence, on the TUNE halves of the question sets
 * only, and writes the parameters to a reviewed JSON file that the bot reads at start. Prints the tune
 * numbers before (hand-set fusion and scope rule) and after. Of the test halves only the question texts are
 * read, to leave out any tune question a test half repeats word for word.
 */
import 'dotenv/config';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createSilentLogger } from '../src/logger.js';
import { loadAlternativeQuestions } from '../src/ingest/alternative-questions.js';
import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../src/core/words/word-vectors.js';
import { loadEvalQuestions, type EvalQuestion } from '../src/cli/evaluate.js';
import { readArgs } from '../src/cli/args.js';
import { reportFailure } from '../src/cli/report-failure.js';
import { loadIndex } from '../src/index/read.js';
import {
  FITTED_PARAMS_FILE,
  NOT_COVERED_FEATURES,
  SCOPE_FEATURES,
  SCOPE_FEATURE_SIGNS,
  type FittedParams,
} from '../src/core/retrieval/fusion.js';
import { fitLogistic, predict } from '../src/core/fitting/logistic.js';
import { fitModels, round } from './fit/fit-models.js';
import { fitUnitWeights } from './fit/fit-units.js';
import { testHalvesBeside, withoutHeldOut } from './fit/held-out.js';
import { loadWordNet } from '../src/core/words/wordnet.js';
import { createEmbeddings } from '../src/providers/embeddings/create-embeddings.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
/** The plain-answer threshold: where this share of the off-topic tune questions fall below it. */
const PLAIN_ANSWER_QUANTILE = 0.95;
const DEFAULT_SETS = [
  'eval/members-tune.jsonl',
  'eval/lists-tune.jsonl',
  'eval/members2-tune.jsonl',
  'eval/lists2-tune.jsonl',
  'eval/members3-tune.jsonl',
  'eval/members4-tune.jsonl',
  'eval/lists3-tune.jsonl',
  'eval/members5-tune.jsonl',
  'eval/lists4-tune.jsonl',
  'eval/members6-tune.jsonl',
  'eval/lists5-tune.jsonl',
  'eval/members7-tune.jsonl',
  'eval/lists6-tune.jsonl',
  'eval/members8-tune.jsonl',
  'eval/lists7-tune.jsonl',
  'eval/members9-tune.jsonl',
  'eval/lists8-tune.jsonl',
  'eval/members10-tune.jsonl',
  'eval/lists9-tune.jsonl',
  'eval/members11-tune.jsonl',
  'eval/lists10-tune.jsonl',
];

try {
  const { values } = readArgs(
    process.argv.slice(2),
    {
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      dump: { type: 'string' },
    },
    'npm run fit -- [--set tune.jsonl ...] [--out file.json] [--dry-run]',
  );
  const sets = values.set ?? DEFAULT_SETS;
  if (sets.some((file) => /-test\.jsonl$/.test(file)))
    throw new Error('fit refuses a *-test.jsonl set: the test halves are only for reporting');
  const { kept: questions, dropped } = await withoutHeldOut(
    (await Promise.all(sets.map((file) => loadEvalQuestions(file)))).flat(),
    await testHalvesBeside(sets),
  );
  if (dropped > 0) say(`Left out ${dropped} tune questions that a test half repeats word for word.`);
  const config = loadConfig(process.env);
  const logger = createSilentLogger();
  const embeddings = createEmbeddings(config, logger);
  const index = await loadIndex(config.INDEX_DIR, embeddings);
  const synonyms = await loadWordNet();
  const base = {
    documents: index.documents,
    vectorStore: index.vectorStore,
    embeddings,
    synonyms,
    // The parameters being fitted are not read: the evidence is the same whatever they are.
    wordVectors: loadWordVectors(DEFAULT_WORD_VECTORS_DIR),
    alternativeQuestions: await loadAlternativeQuestions(config.CORPUS_DIR),
  };
  const inScopeCount = questions.filter((q) => !q.outOfScope && (q.sections?.length ?? 0) > 0).length;
  say(
    `Fitting on ${sets.join(', ')}: ${inScopeCount} in scope, ${questions.length - inScopeCount} off-topic.`,
  );
  const withQuestions = await fitModels(base, questions);
  // A guide without alternative questions (a new one): the same fit on evidence computed without them.
  const withoutQuestions = await fitModels({ ...base, alternativeQuestions: [] }, questions);
  const { rankingParams, scopeRows, scopeLabels, handSetTop1, fittedTop1, dumped } = withQuestions;
  if (values.dump) writeFileSync(values.dump, JSON.stringify(dumped));
  const full = fitScope(scopeRows, scopeLabels, []);
  // For a guide that lists no questions it does not answer, the same model without that evidence.
  const withoutNotCovered = fitScope(scopeRows, scopeLabels, NOT_COVERED_FEATURES);
  const bare = fitScope(withoutQuestions.scopeRows, withoutQuestions.scopeLabels, NOT_COVERED_FEATURES);
  // Which sentences to quote, read from the answers the fitted ranking retrieves.
  const units = await fitUnitWeights(withQuestions.retriever, embeddings, questions);
  const params: FittedParams = {
    fittedAt: new Date().toISOString(),
    fittedOn: sets,
    ranking: rankingParams,
    scope: full.params,
    scopeWithoutNotCovered: withoutNotCovered.params,
    withoutQuestions: {
      ranking: withoutQuestions.rankingParams,
      scope: bare.params,
    },
    units: { weights: units.weights },
    notes: 'Written by `npm run fit` (scripts/fit.ts). Review changes like code: they change every answer.',
  };
  say(
    `recall@1 on the tune half: hand-set ${ratio(handSetTop1, inScopeCount)} -> fitted ${ratio(fittedTop1, inScopeCount)}; without alternative questions ${ratio(withoutQuestions.handSetTop1, inScopeCount)} -> ${ratio(withoutQuestions.fittedTop1, inScopeCount)}`,
  );
  say(
    `a fact-holding unit quoted first, ${units.questions} tune questions: hand-set ${ratio(units.handSetFirst, units.questions)} -> fitted ${ratio(units.fittedFirst, units.questions)}`,
  );
  for (const [name, fitted] of [
    ['scope', full],
    ['scope without the not-covered evidence', withoutNotCovered],
    ['scope without alternative questions', bare],
  ] as const)
    say(
      `${name} on the tune half (model-decided questions, out of fold): in scope answered ${fitted.answered} (hedged ${fitted.hedged}), off-topic refused ${fitted.refused}; hedge at ${fitted.params.hedgeAt.toFixed(3)}, answer plainly at ${fitted.params.answerAt.toFixed(3)}`,
    );
  const out = values.out ?? FITTED_PARAMS_FILE;
  if (values['dry-run']) process.stdout.write(`${JSON.stringify(params, null, 2)}\n`);
  else {
    writeFileSync(out, `${JSON.stringify(params, null, 2)}\n`);
    say(`Wrote ${String(out)}`);
  }
} catch (error) {
  reportFailure(error, false, say);
}

/** Fits the scope model with the `without` features held at 0 (their weights 0), and its thresholds. */
function fitScope(rows: number[][], labels: number[], without: readonly string[]) {
  const dropped = new Set(without);
  const used = rows.map((row) => row.map((x, j) => (dropped.has(SCOPE_FEATURES[j]!) ? 0 : x)));
  const inCount = labels.filter((y) => y === 1).length;
  const fit = (x: number[][], y: number[]) => {
    const positives = y.filter((label) => label === 1).length;
    return fitLogistic(x, y, {
      rowWeights: y.map((label) => (label === 1 ? 1 : positives / (y.length - positives))),
      signs: SCOPE_FEATURES.map((name) => SCOPE_FEATURE_SIGNS[name]),
    });
  };
  const model = fit(used, labels);
  // The thresholds are chosen on out-of-fold probabilities: a question's probability from the model fitted
  // without its fold, as a new question would get it (in-sample probabilities are over-confident).
  const probabilities = outOfFold(used, labels, fit);
  const { hedgeAt, answerAt } = chooseThresholds(probabilities, labels);
  const params: FittedParams['scope'] = {
    bias: round(model.bias),
    weights: Object.fromEntries(
      SCOPE_FEATURES.map((name, j) => [name, dropped.has(name) ? 0 : round(model.weights[j]!)]),
    ) as FittedParams['scope']['weights'],
    answerAt: round(answerAt),
    hedgeAt: round(hedgeAt),
  };
  const answered = probabilities.filter((p, i) => labels[i] === 1 && p >= hedgeAt).length;
  const refused = probabilities.filter((p, i) => labels[i] === 0 && p < hedgeAt).length;
  const hedged = probabilities.filter((p, i) => labels[i] === 1 && p >= hedgeAt && p < answerAt).length;
  return {
    params,
    answered: ratio(answered, inCount),
    refused: ratio(refused, labels.length - inCount),
    hedged: ratio(hedged, inCount),
  };
}

/** Each row's probability from the model fitted on the other folds (every fifth row in its fold). */
function outOfFold(
  rows: number[][],
  labels: number[],
  fit: (x: number[][], y: number[]) => ReturnType<typeof fitLogistic>,
  folds = 5,
): number[] {
  const probabilities = new Array<number>(rows.length).fill(0);
  for (let fold = 0; fold < folds; fold++) {
    const train = rows.map((_, i) => i).filter((i) => i % folds !== fold);
    const model = fit(
      train.map((i) => rows[i]!),
      train.map((i) => labels[i]!),
    );
    rows.forEach((row, i) => {
      if (i % folds === fold) probabilities[i] = predict(model, row);
    });
  }
  return probabilities;
}

/**
 * Members who are refused stop asking, and an off-topic question that gets through is hedged ("The guide
 * doesn't answer that exactly") and quotes the guide, so a wrong refusal costs more than a wrong answer:
 * 2.5 times as much (refusing 1 in 20 in-scope questions weighs as much as answering 1 in 8 off-topic
 * ones). The refusal threshold is the one that minimises the larger of the two weighted error rates on
 * the tune half; the plain-answer threshold sits where 19 in 20 off-topic questions fall below it, so
 * answers between the two are hedged.
 */
function chooseThresholds(p: number[], y: number[]): { hedgeAt: number; answerAt: number } {
  const inScope = p.filter((_, i) => y[i] === 1).sort((a, b) => a - b);
  const offTopic = p.filter((_, i) => y[i] === 0).sort((a, b) => a - b);
  if (inScope.length === 0 || offTopic.length === 0) return { hedgeAt: 0.5, answerAt: 0.5 };
  const refusedShare = (sorted: number[], t: number) => sorted.filter((x) => x < t).length / sorted.length;
  let hedgeAt = 0.5;
  let bestCost = Infinity;
  for (const t of [...new Set(p)].sort((a, b) => a - b)) {
    const cost = Math.max(refusedShare(inScope, t) / 0.05, (1 - refusedShare(offTopic, t)) / 0.125);
    if (cost < bestCost) {
      bestCost = cost;
      hedgeAt = t;
    }
  }
  const plainAt = offTopic[Math.floor(PLAIN_ANSWER_QUANTILE * (offTopic.length - 1))] ?? hedgeAt;
  return { hedgeAt, answerAt: Math.max(hedgeAt, plainAt) };
}

function ratio(a: number, b: number): string {
  return (b === 0 ? 0 : a / b).toFixed(3);
}

export type { EvalQuestion };
