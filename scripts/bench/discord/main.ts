/**
 * `npm run bench:discord [-- flags]`: the Discord load bench. Starts a fake Discord (REST + gateway)
 * on 127.0.0.1 and, one after another, each bot in its own process pointed at it through
 * DISCORD_API_URL; simulated members send /ask (INTERACTION_CREATE) at a fixed concurrency, and the
 * fake times each question from dispatch to its final answer, whichever way the bot answers (one-step
 * reply, or defer + edit). Each bot runs these scenarios in order, in one process, the first cold:
 *   burst     --burst N at --burst-concurrency C (default 2000 at 200), from a cold start
 *   repeat    --repeat N at --repeat-concurrency C (default 1000 at 50), cycling eval/dev + eval/team questions
 *   distinct  --distinct N at --distinct-concurrency C (default 100 at 50), N questions no other scenario asks, each once
 *   soak      --soak N at --soak-concurrency C (default 10000 at 50), cycling the >= 200 bench questions
 * A size of 0 leaves a scenario out.
 *
 * Other flags (all optional; anything else is refused with one line and exit 2):
 *   --bots guidebot,ref-defer,ref-reply   which bots (default all three): guidebot runs as npm start does (built), answering
 *                                         from an index of CORPUS_DIR built first in a temporary folder;
 *                                         ref-defer / ref-reply are a minimal discord.js bot answering at
 *                                         once with deferReply + editReply / with reply
 *   --members N       distinct simulated members (default 1000; guidebot runs with COOLDOWN_SECONDS=0)
 *   --timeout-ms N    a question with no final answer this long after dispatch is lost (default 15000)
 *   --sample-ms N     RSS/CPU sampling interval of the bot's process tree (default 1000)
 *   --keep-logs       keep the temporary folder with the bots' logs (its path is printed)
 *   --help            print this text
 *
 * Reports per scenario and bot: answered, lost (first response after 3 s, or no answer in time),
 * answers/s, p50/p95 latency, the reply style seen, CPU per answer, RSS start/peak/end and its trend;
 * prints a table and merges the key `discord` into data/bench-results.json. Exit 2: a bad flag or
 * setting; exit 1: a bot failed to start or died.
 */
import 'dotenv/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { listOf, describeUsage, parseFlags, runEntry, wholeNumber } from '../flags.js';
import { buildFreshQuestions, buildQuestions, loadEvalQuestions } from '../questions.js';
import { describeMachine, progress, RESULTS_FILE, writeResults } from '../report.js';
import { buildIndex, guidebotLauncher, referenceLauncher, type BotLauncher } from './bots.js';
import type { ScenarioSpec } from './load.js';
import { DISCORD_METHOD, describeScenarios, formatDiscordTable } from './report.js';
import { runDiscordBench } from './run.js';

const BOTS = ['guidebot', 'ref-defer', 'ref-reply'] as const;

const FLAGS = {
  burst: { type: 'string', default: '2000' },
  'burst-concurrency': { type: 'string', default: '200' },
  repeat: { type: 'string', default: '1000' },
  'repeat-concurrency': { type: 'string', default: '50' },
  distinct: { type: 'string', default: '100' },
  'distinct-concurrency': { type: 'string', default: '50' },
  soak: { type: 'string', default: '10000' },
  'soak-concurrency': { type: 'string', default: '50' },
  bots: { type: 'string', default: BOTS.join(',') },
  members: { type: 'string', default: '1000' },
  'timeout-ms': { type: 'string', default: '15000' },
  'sample-ms': { type: 'string', default: '1000' },
  'keep-logs': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    process.stdout.write(describeUsage(import.meta.url));
    return;
  }
  const size = (name: 'burst' | 'repeat' | 'distinct' | 'soak') => ({
    total: wholeNumber(name, flags[name], 0),
    concurrency: wholeNumber(`${name}-concurrency`, flags[`${name}-concurrency`], 1),
  });
  const sizes = {
    burst: size('burst'),
    repeat: size('repeat'),
    distinct: size('distinct'),
    soak: size('soak'),
  };
  const bots = listOf('bots', flags.bots, BOTS);
  const members = wholeNumber('members', flags.members, 1);
  const timeoutMs = wholeNumber('timeout-ms', flags['timeout-ms'], 1);
  const sampleMs = wholeNumber('sample-ms', flags['sample-ms'], 10);

  const config = loadConfig(process.env);
  const guideDir = path.resolve(config.CORPUS_DIR);
  const benchQuestions = buildQuestions(guideDir);
  const scenarios: ScenarioSpec[] = [
    {
      name: 'burst',
      description: 'cold start, bench questions cycled',
      questions: benchQuestions,
      ...sizes.burst,
    },
    {
      name: 'repeat',
      description: 'eval dev + team questions cycled',
      questions: loadEvalQuestions(),
      ...sizes.repeat,
    },
    {
      name: 'distinct',
      description: 'questions no other scenario asks, each once',
      questions: buildFreshQuestions(guideDir, Math.max(1, sizes.distinct.total)),
      ...sizes.distinct,
    },
    {
      name: 'soak',
      description: 'bench questions cycled, RSS sampled',
      questions: benchQuestions,
      ...sizes.soak,
    },
  ].filter((s) => s.total > 0);

  const loadAtStart = loadavg()[0]!;
  const work = mkdtempSync(path.join(tmpdir(), 'guidebot-bench-discord-'));
  try {
    const launchers: BotLauncher[] = [];
    for (const name of bots) {
      if (name === 'guidebot') {
        const indexDir = path.join(work, 'index');
        progress(`building guidebot's index of ${guideDir} (log: ${work}/ingest.log)`);
        await buildIndex(guideDir, indexDir, path.join(work, 'ingest.log'));
        launchers.push(
          guidebotLauncher({
            indexDir,
            corpusDir: guideDir,
            databasePath: path.join(work, 'guidebot.sqlite'),
            logFile: path.join(work, 'guidebot.log'),
          }),
        );
      } else {
        launchers.push(
          referenceLauncher(name === 'ref-reply' ? 'reply' : 'defer', path.join(work, `${name}.log`)),
        );
      }
    }
    const results = await runDiscordBench({
      bots: launchers,
      scenarios,
      members,
      timeoutMs,
      sampleMs,
      onProgress: progress,
    });
    writeResults({
      discord: {
        when: new Date().toISOString(),
        machine: describeMachine(loadAtStart),
        method: DISCORD_METHOD,
        settings: { members, timeoutMs, deadlineMs: 3000, sampleMs, scenarios: describeScenarios(scenarios) },
        bots: results,
      },
    });
    process.stdout.write(formatDiscordTable(results, scenarios));
    process.stdout.write(`machine: ${JSON.stringify(describeMachine(loadAtStart))}\n${DISCORD_METHOD}\n`);
    process.stdout.write(`written to ${RESULTS_FILE} (key "discord")\n`);
    if (results.some((r) => r.error)) process.exitCode = 1;
  } finally {
    if (flags['keep-logs']) progress(`logs kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await runEntry('bench:discord', main);
