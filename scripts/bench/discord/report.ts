import { formatNumber, formatTable } from '../report.js';
import type { ScenarioSpec } from './load.js';
import type { BotResult } from './run.js';

/** How the Discord load bench measures, for the results file and the printout. */
export const DISCORD_METHOD =
  'Each bot runs in its own process against a fake Discord (REST + gateway) on 127.0.0.1 in the bench process. ' +
  'Simulated members send /ask as INTERACTION_CREATE in a closed loop at the given concurrency. Latency is ' +
  'performance.now() from sending the gateway frame to the request carrying the final answer reaching the fake: ' +
  'a type 4 callback, or after a type 5 deferral the first non-partial PATCH of @original (or follow-up). ' +
  'Lost: the first response came after 3 s (refused with 10062, as Discord does) or no final answer within the timeout. ' +
  'Throughput: answers / (last answer - first dispatch). p50/p95 nearest-rank. RSS and CPU: /proc of the bot ' +
  "process and its descendants, sampled every second and at scenario boundaries; slope is a least-squares fit of RSS over the scenario's time (MB/min; left out for scenarios shorter than 30 s).";

/** The scenarios as run, for the results file. */
export function describeScenarios(scenarios: readonly ScenarioSpec[]) {
  return scenarios.map((s) => ({
    name: s.name,
    description: s.description,
    questions: s.total,
    concurrency: s.concurrency,
    distinctQuestions: Math.min(s.total, s.questions.length),
  }));
}

/** One line per scenario and bot. */
export function formatDiscordTable(
  results: readonly BotResult[],
  scenarios: readonly ScenarioSpec[],
): string {
  const header = [
    'scenario',
    'bot',
    'sent',
    'conc',
    'answered',
    'lost',
    'answers/s',
    'p50 ms',
    'p95 ms',
    'first p95',
    'style',
    'cpu ms/ans',
    'bench cpu%',
    'fake ms/ans',
    'rss start',
    'peak',
    'end',
    'MB/min',
  ];
  const body: string[][] = [];
  for (const spec of scenarios) {
    for (const result of results) {
      const s = result.scenarios[spec.name];
      if (!s) {
        body.push([spec.name, result.bot, String(spec.total), String(spec.concurrency), 'not run']);
        continue;
      }
      const styles = Object.entries(s.styles)
        .map(([style, n]) => (n === s.answered ? style : `${style} ${n}`))
        .join(', ');
      body.push([
        spec.name,
        result.bot,
        String(s.questions),
        String(s.concurrency),
        String(s.answered),
        s.lost > 0 ? `${s.lost} (late ${s.lostBy.late}, timeout ${s.lostBy.timeout})` : '0',
        formatNumber(s.throughputPerS),
        formatNumber(s.latencyMs.p50),
        formatNumber(s.latencyMs.p95),
        formatNumber(s.firstResponseMs.p95),
        styles,
        formatNumber(s.botCpuMsPerAnswer),
        formatNumber(s.benchCpuPct),
        s.benchCpuMsPerAnswer.toFixed(3),
        formatNumber(s.rss?.startMb),
        formatNumber(s.rss?.peakMb),
        formatNumber(s.rss?.endMb),
        formatNumber(s.rss?.slopeMbPerMin ?? undefined),
      ]);
    }
  }
  let text = formatTable(header, body, new Set([0, 1, 10]));
  for (const result of results) {
    if (result.error) text += `${result.bot} FAILED: ${result.error}\n`;
    const unknown = Object.entries(result.fake?.unknownRoutes ?? {});
    if (unknown.length > 0)
      text += `${result.bot}: routes the fake did not know: ${JSON.stringify(unknown)}\n`;
    if (result.startMs !== undefined)
      text += `${result.bot}: on the gateway ${result.startMs} ms after start\n`;
  }
  return text;
}
