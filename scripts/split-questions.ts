/**
 * `npm run split-questions -- --name members10 --lists lists9 [--seed 14] writer.jsonl ...`
 *
 * Turns blind writers' files into eval sets: checks every line (JSON, headings of the guide, facts and
 * items as exact quotes of it), leaves out any question an existing set already holds word for word
 * (writers of one model repeat each other), and splits the rest per writer and kind into
 * `eval/<name>-tune.jsonl` and `eval/<name>-test.jsonl` (list questions into the `--lists` sets), before
 * anyone runs them.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEvalQuestions, type EvalQuestion } from '../src/cli/evaluate.js';
import { readArgs, UsageError } from '../src/cli/args.js';
import { reportFailure } from '../src/cli/report-failure.js';
import { kindOf, problemsOf, sameText, splitHalves } from './split/split-set.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
const USAGE =
  'npm run split-questions -- --name <set> --lists <set> [--seed s] [--guide file.md] writer.jsonl ...';

try {
  const { values, positionals } = readArgs(
    process.argv.slice(2),
    {
      name: { type: 'string' },
      lists: { type: 'string' },
      seed: { type: 'string', default: '14' },
      guide: { type: 'string', default: 'corpus/medical-administrative-assistant-guide.md' },
      eval: { type: 'string', default: 'eval' },
    },
    USAGE,
  );
  if (!values.name || !values.lists || positionals.length === 0)
    throw new UsageError(`--name, --lists and at least one writer's file are needed.\nUsage: ${USAGE}`);
  const guideText = await readFile(values.guide, 'utf8');
  const headings = new Set(
    guideText
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => line.replace(/^#+ /, '').trim()),
  );
  const targets = [values.name, values.lists].flatMap((set) =>
    ['tune', 'test'].map((half) => join(values.eval, `${set}-${half}.jsonl`)),
  );
  const taken = (await readdir(values.eval)).filter((file) => targets.includes(join(values.eval, file)));
  if (taken.length > 0)
    throw new UsageError(
      `${taken.join(', ')} already exist in ${values.eval}: a split set is never rewritten (its test half may have been run). Choose other --name and --lists.`,
    );
  const written = (await Promise.all(positionals.map((file) => loadEvalQuestions(file)))).flat();
  const existing = new Set<string>();
  for (const file of await readdir(values.eval))
    if (/^(members|lists)\d*-(tune|test)\.jsonl$/.test(file))
      for (const q of await loadEvalQuestions(join(values.eval, file))) existing.add(sameText(q.q));
  const kept: EvalQuestion[] = [];
  let repeats = 0;
  for (const question of written) {
    const problems = problemsOf(question, guideText, headings);
    if (problems.length > 0) throw new Error(`"${question.q}": ${problems.join('; ')}`);
    if (existing.has(sameText(question.q))) repeats++;
    else {
      existing.add(sameText(question.q));
      kept.push(question);
    }
  }
  say(
    `${written.length} lines checked; ${repeats} repeat a question of an existing set (or of each other) and are left out.`,
  );
  const { tune, test } = splitHalves(kept, values.seed);
  for (const [half, questions] of [
    ['tune', tune],
    ['test', test],
  ] as const) {
    for (const [set, wanted] of [
      [values.name, (q: EvalQuestion) => kindOf(q) !== 'list'],
      [values.lists, (q: EvalQuestion) => kindOf(q) === 'list'],
    ] as const) {
      const chosen = questions.filter(wanted);
      const file = join(values.eval, `${set}-${half}.jsonl`);
      await writeFile(file, chosen.map((q) => `${JSON.stringify(q)}\n`).join(''), { flag: 'wx' });
      const count = (kind: string) => chosen.filter((q) => kindOf(q) === kind).length;
      say(`${file}: ${count('in')} in-scope, ${count('off')} off-topic, ${count('list')} list questions`);
    }
  }
} catch (error) {
  reportFailure(error, false, say);
}
