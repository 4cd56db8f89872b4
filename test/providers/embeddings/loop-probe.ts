import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What a `startLoopProbe` saw between start and stop. */
export interface LoopProbeReport {
  /** Longest wall-clock gap between two ticks of the probe: how late a timer could be. */
  maxGapMs: number;
  /**
   * Longest time the event loop was busy (running callbacks, not waiting for I/O) within one such gap,
   * from `performance.eventLoopUtilization()`. A thread that the machine stops while it runs
   * JavaScript still counts as busy.
   */
  maxBusyMs: number;
  /**
   * Longest CPU time the main thread itself used within one gap (Linux: /proc, 10 ms ticks), or
   * `undefined` elsewhere. This is what "our code held the loop" means: it does not grow when a
   * loaded machine merely runs this thread late, as the gap and, less, the busy time do.
   */
  maxCpuMs: number | undefined;
}

/**
 * A setInterval drift probe of the main event loop. `monitorEventLoopDelay` would miss the case that
 * matters here: a chain of promise callbacks that never lets the loop reach its timers records no
 * sample until it ends, so the probe closes with a last tick of its own.
 */
export function startLoopProbe(intervalMs = 5): { stop(): LoopProbeReport } {
  const report: LoopProbeReport = { maxGapMs: 0, maxBusyMs: 0, maxCpuMs: undefined };
  let lastAt = performance.now();
  let lastUse = performance.eventLoopUtilization();
  let lastCpu = readMainThreadCpuMs();
  const tick = () => {
    const now = performance.now();
    const use = performance.eventLoopUtilization();
    const cpu = readMainThreadCpuMs();
    report.maxGapMs = Math.max(report.maxGapMs, now - lastAt);
    report.maxBusyMs = Math.max(report.maxBusyMs, performance.eventLoopUtilization(use, lastUse).active);
    if (cpu !== undefined && lastCpu !== undefined) {
      report.maxCpuMs = Math.max(report.maxCpuMs ?? 0, cpu - lastCpu);
    }
    lastAt = now;
    lastUse = use;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      tick();
      clearInterval(timer);
      return { ...report };
    },
  };
}

/** User + system CPU time of this process's main thread (whose thread id is the process id). */
function readMainThreadCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces: state is the
    // first, utime the 12th and stime the 13th; both in clock ticks of 10 ms (USER_HZ = 100).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
