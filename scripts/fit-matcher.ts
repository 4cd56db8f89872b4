/**
 * `npx tsx scripts/fit-matcher.ts [--pairs eval/pairs-tune.jsonl] [--min-precision 0.95] [--write]`
 *
 * Fits the same-question matcher's thresholds (src/core/matching/same-question.ts) on labelled question
 * pairs: embeds both questions of each pair with USE-lite (the bot's embedder), loads GloVe and WordNet,
 * and searches the grid in `fitMatcherParams` for the highest recall of "same" with precision at least
 * --min-precision (a pin served to the wrong question is worse than no pin). Prints the chosen
 * thresholds, accuracy / precision / recall on the pairs, the old matcher's numbers on the same pairs
 * (sentence cosine >= 0.85 alone) and every pair the fitted matcher gets wrong. With --write, stores the
 * thresholds in src/core/matching/same-question.params.json, which is reviewed and committed like code.
 *
 * Fit on the tune half only: eval/pairs-test.jsonl is held out, and this script refuses it.
 * Exit 2 with one line on a usage error or an unreadable pairs file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UseLiteEmbeddings } from '../src/providers/embeddings/use-lite.js';
import { loadSameQuestionTools } from '../src/core/matching/load-tools.js';
import { createSameQuestionMatcher } from '../src/core/matching/same-question.js';
import {
  embedPairs,
  fitMatcherParams,
  measureDecisions,
  measureMatcher,
  parsePairs,
  type PairMetrics,
} from '../src/core/matching/fit-params.js';
import { cosineSimilarity } from '../src/core/words/vectors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PARAMS_FILE = path.join(ROOT, 'src/core/matching/same-question.params.json');
/** The pin matcher's cosine threshold before this matcher (DEFAULT_PIN_MATCH_THRESHOLD in src/store). */
const OLD_THRESHOLD = 0.85;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  let values: { pairs?: string; 'min-precision'?: string; write?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        pairs: { type: 'string', default: path.join(ROOT, 'eval/pairs-tune.jsonl') },
        'min-precision': { type: 'string', default: '0.95' },
        write: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const pairs = values.pairs!;
  if (path.basename(pairs).includes('pairs-test'))
    throw new UsageError(`${pairs} is the held-out half: fit on eval/pairs-tune.jsonl`);
  const minPrecision = Number(values['min-precision']);
  if (!(minPrecision > 0 && minPrecision <= 1))
    throw new UsageError(`--min-precision must be in (0, 1], got ${values['min-precision']}`);
  return { pairs, minPrecision, write: values.write ?? false };
}

function formatMetrics(metrics: PairMetrics): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `accuracy ${pct(metrics.accuracy)}, precision ${pct(metrics.precision)}, recall ${pct(metrics.recall)} ` +
    `(TP ${metrics.truePositives}, FP ${metrics.falsePositives}, FN ${metrics.falseNegatives}, ` +
    `TN ${metrics.trueNegatives} of ${metrics.pairs})`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(options.pairs, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${options.pairs}: ${(error as Error).message}`, { cause: error });
  }
  const questionPairs = parsePairs(text, options.pairs);
  const embeddings = new UseLiteEmbeddings();
  const [pairs, tools] = await Promise.all([
    embedPairs(questionPairs, (texts) => embeddings.embedDocuments(texts)),
    loadSameQuestionTools(),
  ]);

  const fit = fitMatcherParams({ pairs, tools, minPrecision: options.minPrecision });
  if (!fit) {
    console.log(
      `No thresholds reach precision ${options.minPrecision} on ${options.pairs}; nothing written.`,
    );
    process.exitCode = 1;
    return;
  }
  const matcher = createSameQuestionMatcher({ ...tools, params: fit.params });
  const metrics = measureMatcher(matcher, pairs);
  const old = measureDecisions(
    pairs.map((pair) => ({
      same: pair.same,
      judged: cosineSimilarity(pair.a.vector, pair.b.vector) >= OLD_THRESHOLD,
    })),
  );

  console.log(`Pairs: ${path.relative(ROOT, options.pairs)} (${pairs.length})`);
  console.log(`Grid: ${fit.tried} combinations, ${fit.feasible} with precision >= ${options.minPrecision}`);
  console.log(`Fitted: ${JSON.stringify(fit.params)}`);
  console.log(`Same-question matcher: ${formatMetrics(metrics)}`);
  console.log(`Old matcher (cosine >= ${OLD_THRESHOLD}): ${formatMetrics(old)}`);
  console.log('\nWrong verdicts:');
  for (const pair of pairs) {
    const verdict = matcher.judge(pair.a, pair.b);
    if (verdict.same === pair.same) continue;
    const why = verdict.same
      ? 'judged same'
      : `${verdict.reason}${verdict.uncovered.length ? `: ${verdict.uncovered.join(', ')}` : ''}`;
    console.log(
      `  ${pair.same ? 'missed' : 'WRONG '} ${verdict.score.toFixed(3)} ${why}\n      ${pair.a.text}\n      ${pair.b.text}`,
    );
  }

  if (options.write) {
    // The matcher reads the three thresholds; `fit` records where they came from, for the reviewer.
    const round = (x: number) => Math.round(x * 1000) / 1000;
    const record = {
      ...fit.params,
      fit: {
        pairs: path.relative(ROOT, options.pairs),
        count: pairs.length,
        minPrecision: options.minPrecision,
        accuracy: round(metrics.accuracy),
        precision: round(metrics.precision),
        recall: round(metrics.recall),
      },
    };
    writeFileSync(PARAMS_FILE, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(ROOT, PARAMS_FILE)}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`fit-matcher: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  throw error;
});
