import { readdirSync, readFileSync } from 'node:fs';
import { linearSlope } from './stats.js';

/** This process's peak RSS so far in MB (process.resourceUsage().maxRSS; never goes down). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Resident memory and CPU time of a process and all its descendants, read from /proc. */
export interface TreeUsage {
  rssMb: number;
  /** User + system CPU seconds since each process started. */
  cpuS: number;
  processes: number;
}

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat. 100 on every mainstream Linux build.
const CLOCK_TICKS_PER_S = 100;

/** Reads `pid` and its descendants (threads, worker threads included: they share the process's memory). */
export function readTreeUsage(pid: number): TreeUsage | undefined {
  const children = new Map<number, number[]>();
  const cpuTicks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOptional(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const child = Number(entry);
    children.set(ppid, [...(children.get(ppid) ?? []), child]);
    cpuTicks.set(child, Number(fields[11]) + Number(fields[12]));
  }
  if (!cpuTicks.has(pid)) return undefined;
  let rssKb = 0;
  let ticks = 0;
  let processes = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const status = readOptional(`/proc/${current}/status`);
    const rss = status ? /^VmRSS:\s+(\d+) kB/m.exec(status) : null;
    if (rss) rssKb += Number(rss[1]);
    ticks += cpuTicks.get(current) ?? 0;
    processes += 1;
    pending.push(...(children.get(current) ?? []));
  }
  return { rssMb: rssKb / 1024, cpuS: ticks / CLOCK_TICKS_PER_S, processes };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** One reading of a process tree, `atMs` on the performance.now() clock. */
export interface UsageSample extends TreeUsage {
  atMs: number;
}

/** Reads a process tree's usage every `intervalMs` until stopped. */
export class UsageSampler {
  readonly samples: UsageSample[] = [];
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    readonly pid: number,
    intervalMs = 1000,
  ) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes a reading now (also at scenario boundaries, so every window has its ends). */
  sample(): UsageSample | undefined {
    const usage = readTreeUsage(this.pid);
    if (!usage) return undefined;
    const sample = { atMs: performance.now(), ...usage };
    this.samples.push(sample);
    return sample;
  }

  /** Readings between two performance.now() times, both ends included. */
  between(fromMs: number, toMs: number): UsageSample[] {
    return this.samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/**
 * RSS over a window: first, peak and last reading, and the trend (least squares) in MB per minute.
 * The slopes are null for windows shorter than `MIN_TREND_S`: over a few seconds they show when the
 * garbage collector ran, not a trend, and per minute they would be extrapolated tenfold.
 */
export interface RssTrend {
  samples: number;
  spanS: number;
  startMb: number;
  peakMb: number;
  endMb: number;
  slopeMbPerMin: number | null;
  /** The same fit over the second half only: after warm-up, a leak keeps climbing, a plateau does not. */
  secondHalfSlopeMbPerMin: number | null;
  /** Most processes counted in one reading (the bot and any children it started). */
  processes: number;
}

/** The shortest window whose RSS slope is reported. */
export const MIN_TREND_S = 30;

export function rssTrend(samples: readonly UsageSample[]): RssTrend | undefined {
  if (samples.length === 0) return undefined;
  const t0 = samples[0]!.atMs;
  const points = samples.map((s) => ({ x: (s.atMs - t0) / 60_000, y: s.rssMb }));
  const round = (x: number) => Math.round(x * 10) / 10;
  const spanS = (samples.at(-1)!.atMs - t0) / 1000;
  const slope = (part: typeof points) => (spanS >= MIN_TREND_S ? round(linearSlope(part)) : null);
  return {
    samples: samples.length,
    spanS: round(spanS),
    startMb: round(samples[0]!.rssMb),
    peakMb: round(Math.max(...samples.map((s) => s.rssMb))),
    endMb: round(samples.at(-1)!.rssMb),
    slopeMbPerMin: slope(points),
    secondHalfSlopeMbPerMin: slope(points.slice(Math.floor(points.length / 2))),
    processes: Math.max(...samples.map((s) => s.processes)),
  };
}
