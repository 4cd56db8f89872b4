/* eslint-disable @typescript-eslint/no-explicit-any -- final answers are arbitrary Discord JSON */
import { REPLIES } from '../../../src/discord/format/refusals.js';
import { slashCommand, user, type FakeUser } from '../../../test/support/fake-discord/payloads.js';
import { summarize } from '../stats.js';
import type { BenchDiscord, ReplyStyle } from './fake-discord.js';

/** One load scenario: `total` /ask questions, `concurrency` in flight at a time, cycling `questions`. */
export interface ScenarioSpec {
  name: string;
  description: string;
  total: number;
  concurrency: number;
  questions: readonly string[];
}

export interface LoadOptions {
  fake: BenchDiscord;
  /** Simulated members asking in turn (a member never has two questions in flight when members >= concurrency). */
  members: readonly FakeUser[];
  /** A question with no final answer this long after dispatch is lost. */
  timeoutMs: number;
}

/** What one scenario measured against one bot. Latencies in ms from dispatch. */
export interface LoadResult {
  questions: number;
  concurrency: number;
  answered: number;
  lost: number;
  /** late: the first response came after Discord's 3 s (refused with 10062); timeout: no final answer in time. */
  lostBy: { late: number; timeout: number };
  /** Answers per second, from the first dispatch to the last answer. */
  throughputPerS: number;
  latencyMs: { p50: number; p95: number; max: number };
  firstResponseMs: { p50: number; p95: number; max: number };
  styles: Partial<Record<ReplyStyle, number>>;
  /** Final answers with an embed, plain-text ones, and of those the bot's apology after a failure. */
  answerKinds: { embed: number; text: number; apology: number };
  durationS: number;
  /** performance.now() at the first dispatch and after the last question settled. */
  window: { fromMs: number; toMs: number };
}

/** `n` members with their own ids, as the fake's payload builders want them. */
export function createMembers(n: number): FakeUser[] {
  return Array.from({ length: n }, (_, i) =>
    user(String(410_000_000_000_000_000n + BigInt(i)), `member${i}`),
  );
}

/**
 * Runs a closed loop: `concurrency` simulated members each send an /ask INTERACTION_CREATE and wait
 * for its final answer (or its loss) before sending the next, until `total` were sent.
 */
export async function runLoad(spec: ScenarioSpec, options: LoadOptions): Promise<LoadResult> {
  const { fake, members, timeoutMs } = options;
  if (spec.questions.length === 0) throw new Error(`scenario ${spec.name} has no questions`);
  const latencies: number[] = [];
  const firsts: number[] = [];
  const styles: Partial<Record<ReplyStyle, number>> = {};
  const answerKinds = { embed: 0, text: 0, apology: 0 };
  const lostBy = { late: 0, timeout: 0 };
  let lastAnswerAt = 0;
  let next = 0;

  const ask = (index: number) =>
    new Promise<void>((settle) => {
      const question = spec.questions[index % spec.questions.length]!;
      const member = members[index % members.length]!;
      const payload = slashCommand('ask', { question }, { user: member });
      const done = () => {
        clearTimeout(timer);
        fake.forget(payload.token);
        settle();
      };
      const timer = setTimeout(() => {
        lostBy.timeout += 1;
        done();
      }, timeoutMs);
      fake.send(payload, {
        onFirst: (ms) => firsts.push(ms),
        onFinal: (ms, style, body: any) => {
          latencies.push(ms);
          lastAnswerAt = performance.now();
          styles[style] = (styles[style] ?? 0) + 1;
          if (Array.isArray(body?.embeds) && body.embeds.length > 0) answerKinds.embed += 1;
          else {
            answerKinds.text += 1;
            if (body?.content === REPLIES.apology) answerKinds.apology += 1;
          }
          done();
        },
        onLate: () => {
          lostBy.late += 1;
          done();
        },
      });
    });

  const fromMs = performance.now();
  const member = async () => {
    while (next < spec.total) await ask(next++);
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.total) }, member));
  const toMs = performance.now();

  const activeS = ((latencies.length > 0 ? lastAnswerAt : toMs) - fromMs) / 1000;
  return {
    questions: spec.total,
    concurrency: spec.concurrency,
    answered: latencies.length,
    lost: lostBy.late + lostBy.timeout,
    lostBy,
    throughputPerS: activeS > 0 ? latencies.length / activeS : 0,
    latencyMs: summarize(latencies),
    firstResponseMs: summarize(firsts),
    styles,
    answerKinds,
    durationS: (toMs - fromMs) / 1000,
    window: { fromMs, toMs },
  };
}
