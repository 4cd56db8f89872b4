/* eslint-disable @typescript-eslint/no-explicit-any -- message bodies are arbitrary Discord JSON */
import { formatPartialAnswer } from '../../../src/discord/format/answer-message.js';
import { rssTrend, UsageSampler, type RssTrend } from '../memory.js';
import type { BotLauncher } from './bots.js';
import { BenchDiscord } from './fake-discord.js';
import { createMembers, runLoad, type LoadResult, type ScenarioSpec } from './load.js';

export interface DiscordBenchOptions {
  bots: readonly BotLauncher[];
  /** Run in order against each bot, in one process per bot: the first one starts cold. */
  scenarios: readonly ScenarioSpec[];
  /** Distinct simulated members (default 1,000). */
  members?: number;
  /** No final answer this long after dispatch: lost (default 15 s). */
  timeoutMs?: number;
  /** Discord's deadline for the first response (default 3 s). */
  deadlineMs?: number;
  /** RSS and CPU sampling interval (default 1 s). */
  sampleMs?: number;
  /** How long to wait for a bot to connect to the gateway (default 120 s). */
  startTimeoutMs?: number;
  onProgress?: (text: string) => void;
}

/** One scenario against one bot: the load figures, the bot's memory over it and where CPU went. */
export interface ScenarioResult extends Omit<LoadResult, 'window'> {
  rss: RssTrend | undefined;
  /** CPU seconds the bot's process tree used, and per answer. */
  botCpuS: number;
  botCpuMsPerAnswer: number;
  /** CPU the bench process (fake Discord + simulated members) used, in % of one core: near 100 means it was the limit. */
  benchCpuPct: number;
  /** The same per answer: what the fake costs, so 1000 / it is the most answers per second one core of it can serve. */
  benchCpuMsPerAnswer: number;
}

export interface BotResult {
  bot: string;
  description: string;
  /** From start to the bot's IDENTIFY on the fake gateway. */
  startMs?: number;
  scenarios: Record<string, ScenarioResult>;
  /** Interaction callbacks refused as a second acknowledgement (40060), routes the fake did not know. */
  fake?: {
    requests: number;
    doubleAcks: number;
    partialEdits: number;
    unknownRoutes: Record<string, number>;
  };
  error?: string;
}

/** Tells a streamed partial answer from the final one by the footer the bot's formatter puts on partials. */
const PARTIAL_FOOTER = formatPartialAnswer('', '').embeds[0]?.footer?.text;
const isPartial = (body: any) =>
  PARTIAL_FOOTER !== undefined &&
  Array.isArray(body?.embeds) &&
  body.embeds.some((e: any) => e?.footer?.text === PARTIAL_FOOTER);

/**
 * Starts each bot against a fresh fake Discord, runs every scenario on it in order, samples its
 * process tree's RSS and CPU throughout, stops it. A bot that fails to start or dies is reported
 * with `error` and the run goes on with the next.
 */
export async function runDiscordBench(options: DiscordBenchOptions): Promise<BotResult[]> {
  const results: BotResult[] = [];
  for (const launcher of options.bots) results.push(await benchOneBot(launcher, options));
  return results;
}

async function benchOneBot(launcher: BotLauncher, options: DiscordBenchOptions): Promise<BotResult> {
  const say = options.onProgress ?? (() => {});
  const members = createMembers(options.members ?? 1000);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const result: BotResult = { bot: launcher.name, description: launcher.description, scenarios: {} };
  const fake = await BenchDiscord.start({ deadlineMs: options.deadlineMs ?? 3000, isPartial });
  let bot: Awaited<ReturnType<BotLauncher['start']>> | undefined;
  let sampler: UsageSampler | undefined;
  try {
    say(`${launcher.name}: starting`);
    const startedAt = performance.now();
    bot = await launcher.start(fake.apiUrl);
    sampler = new UsageSampler(bot.pid, options.sampleMs ?? 1000);
    const died = bot.exited.then((why) => Promise.reject(new Error(`${launcher.name} ended: ${why}`)));
    died.catch(() => {}); // raced below; an exit after the run is not an error
    await Promise.race([fake.waitForIdentified(1, options.startTimeoutMs ?? 120_000), died]);
    result.startMs = Math.round(performance.now() - startedAt);
    say(`${launcher.name}: on the gateway after ${result.startMs} ms`);

    for (const spec of options.scenarios) {
      const before = sampler.sample();
      const benchCpu = process.cpuUsage();
      const load = await Promise.race([runLoad(spec, { fake, members, timeoutMs }), died]);
      const after = sampler.sample();
      const benchUsed = process.cpuUsage(benchCpu);
      const { window, ...figures } = load;
      const benchCpuMs = (benchUsed.user + benchUsed.system) / 1000;
      const botCpuS = before && after ? after.cpuS - before.cpuS : Number.NaN;
      result.scenarios[spec.name] = {
        ...figures,
        // From the reading taken just before the scenario to the one just after: a scenario shorter than
        // the sampling interval still has both ends (the window alone may hold no reading at all).
        rss: rssTrend(sampler.between(before?.atMs ?? window.fromMs, after?.atMs ?? window.toMs)),
        botCpuS: round(botCpuS, 2),
        botCpuMsPerAnswer: round((botCpuS * 1000) / Math.max(1, load.answered), 2),
        benchCpuPct: round((benchCpuMs / (window.toMs - window.fromMs)) * 100, 1),
        benchCpuMsPerAnswer: round(benchCpuMs / Math.max(1, load.answered), 3),
        throughputPerS: round(load.throughputPerS, 1),
        latencyMs: roundAll(load.latencyMs),
        firstResponseMs: roundAll(load.firstResponseMs),
        durationS: round(load.durationS, 2),
      };
      say(
        `${launcher.name} ${spec.name}: ${load.answered}/${load.questions} answered, ${load.lost} lost, ` +
          `${load.throughputPerS.toFixed(1)}/s, p50 ${load.latencyMs.p50.toFixed(0)} ms, p95 ${load.latencyMs.p95.toFixed(0)} ms`,
      );
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    say(`${launcher.name}: ${result.error}`);
  } finally {
    sampler?.stop();
    await bot?.stop();
    result.fake = {
      requests: fake.counts.requests,
      doubleAcks: fake.counts.doubleAcks,
      partialEdits: fake.counts.partialEdits,
      unknownRoutes: Object.fromEntries(fake.unknownRoutes),
    };
    await fake.close();
  }
  return result;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function roundAll<T extends Record<string, number>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v, 1)])) as T;
}
