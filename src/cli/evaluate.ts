import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Guide } from '../core/guide.js';
import { wordAnswer } from '../app/wording.js';
import { InputFileError } from './args.js';

const EvalQuestionSchema = z.object({
  q: z.string(),
  sections: z.array(z.string()).optional(),
  facts: z.array(z.string()).optional(),
  outOfScope: z.boolean().optional(),
  /** The previous question of the conversation (a follow-up in a thread). */
  context: z.string().optional(),
  /** For a question whose answer is a list in the guide: every item a complete answer names. */
  items: z.array(z.string()).optional(),
  /** Who wrote the question (provenance of the blind sets); not used in scoring. */
  writer: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

export interface EvalReport {
  file: string;
  mode: string;
  questions: number;
  inScope: number;
  outOfScope: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  factHit: number;
  /** Answered in-scope questions whose citations include an expected section. */
  citedRight: number;
  /** List questions: mean share of the list's items the answer names, and the share naming at least 80%. */
  listItemRecall: number;
  listComplete: number;
  outOfScopeRefusal: number;
  inScopeAnswered: number;
  latencyMs: { p50: number; p95: number; max: number };
  misses: {
    q: string;
    kind: 'section' | 'fact' | 'refused' | 'answered-out-of-scope' | 'cited' | 'list';
    got?: string;
  }[];
}

/** Reads a questions file in the format of eval/dev-questions.jsonl (one JSON object per line). */
export async function loadEvalQuestions(file: string): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputFileError(
      `Cannot read the questions file ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`,
      {
        cause,
      },
    );
  }
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, i }) => {
      try {
        return EvalQuestionSchema.parse(JSON.parse(line));
      } catch (cause) {
        throw new InputFileError(`${file}:${i + 1} is not a valid question line`, { cause });
      }
    });
}

/**
 * Runs every question through the guide as users get it (`answer`, timed) and scores retrieval on the
 * section ranking (`suggestSections`, top 10). A section matches when its heading equals one of the
 * expected ones (case-insensitive); a fact hits when the answer contains it (case-insensitive).
 */
export async function evaluate(
  guide: Guide,
  questions: EvalQuestion[],
  file: string,
  mode: string,
): Promise<EvalReport> {
  const latencies: number[] = [];
  const misses: EvalReport['misses'] = [];
  let inScope = 0,
    outOfScope = 0,
    r1 = 0,
    r3 = 0,
    rr = 0,
    factQuestions = 0,
    factHits = 0,
    refused = 0,
    answered = 0,
    citedQuestions = 0,
    citedHits = 0,
    listQuestions = 0,
    listRecallSum = 0,
    listCompleteCount = 0;
  for (const item of questions) {
    const started = performance.now();
    const result = await guide.answer(item.q, item.context ? { context: item.context } : {});
    latencies.push(performance.now() - started);
    if (item.outOfScope) {
      outOfScope++;
      if (result.outcome === 'out_of_scope') refused++;
      else misses.push({ q: item.q, kind: 'answered-out-of-scope', got: wordAnswer(result).slice(0, 80) });
      continue;
    }
    inScope++;
    if (result.outcome === 'answered') answered++;
    else misses.push({ q: item.q, kind: 'refused' });
    const expected = new Set((item.sections ?? []).map((s) => s.toLowerCase()));
    const ranking = (await guide.suggestSections(item.q, 10, item.context)).map((s) =>
      s.heading.toLowerCase(),
    );
    const rank = ranking.findIndex((heading) => expected.has(heading));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 3) r3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank !== 0) misses.push({ q: item.q, kind: 'section', got: ranking[0] });
    if (result.outcome === 'answered' && expected.size > 0) {
      citedQuestions++;
      if (result.citations.some((c) => expected.has(c.heading.toLowerCase()))) citedHits++;
      else misses.push({ q: item.q, kind: 'cited', got: result.citations.map((c) => c.heading).join(' | ') });
    }
    if (item.items && item.items.length > 0) {
      listQuestions++;
      const answer = wordAnswer(result).toLowerCase();
      const named = item.items.filter((name) => answer.includes(name.toLowerCase())).length;
      listRecallSum += named / item.items.length;
      if (named / item.items.length >= 0.8) listCompleteCount++;
      else misses.push({ q: item.q, kind: 'list', got: `${named}/${item.items.length}` });
    }
    if (item.facts && item.facts.length > 0) {
      factQuestions++;
      const answer = wordAnswer(result).toLowerCase();
      if (item.facts.some((fact) => answer.includes(fact.toLowerCase()))) factHits++;
      else misses.push({ q: item.q, kind: 'fact', got: wordAnswer(result).slice(0, 80) });
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);
  return {
    file,
    mode,
    questions: questions.length,
    inScope,
    outOfScope,
    recallAt1: ratio(r1, inScope),
    recallAt3: ratio(r3, inScope),
    mrr: ratio(rr, inScope),
    factHit: ratio(factHits, factQuestions),
    citedRight: ratio(citedHits, citedQuestions),
    listItemRecall: ratio(listRecallSum, listQuestions),
    listComplete: ratio(listCompleteCount, listQuestions),
    outOfScopeRefusal: ratio(refused, outOfScope),
    inScopeAnswered: ratio(answered, inScope),
    latencyMs: percentiles(latencies),
    misses,
  };
}

export function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), max: r(sorted[sorted.length - 1] ?? 0) };
}

export function formatReport(report: EvalReport): string {
  const lines = [
    `Eval of ${report.file} (${report.questions} questions: ${report.inScope} in scope, ${report.outOfScope} out of scope; mode ${report.mode})`,
    `  section recall@1     ${report.recallAt1.toFixed(3)}`,
    `  section recall@3     ${report.recallAt3.toFixed(3)}`,
    `  MRR                  ${report.mrr.toFixed(3)}`,
    `  fact hit             ${report.factHit.toFixed(3)}`,
    `  cited right section  ${report.citedRight.toFixed(3)}`,
    `  list items named     ${report.listItemRecall.toFixed(3)}  (complete: ${report.listComplete.toFixed(3)})`,
    `  out-of-scope refused ${report.outOfScopeRefusal.toFixed(3)}`,
    `  in-scope answered    ${report.inScopeAnswered.toFixed(3)}`,
    `  latency ms (warm)    p50 ${report.latencyMs.p50}  p95 ${report.latencyMs.p95}  max ${report.latencyMs.max}`,
  ];
  if (report.misses.length > 0) {
    lines.push('  misses:');
    for (const miss of report.misses)
      lines.push(`    [${miss.kind}] ${miss.q}${miss.got ? `  -> ${miss.got}` : ''}`);
  }
  return lines.join('\n');
}
