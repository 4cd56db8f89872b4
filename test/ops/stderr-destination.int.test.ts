import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProcess, exitWithin, ROOT, type Exit } from './bot-process.js';

/**
 * The logger (createLogger -> createStderrDestination) in a real process whose stderr is a pipe that
 * is full, closed, slow or read normally. With `pino.destination(2)` the full pipe kept the process
 * alive after SIGTERM, and after a second one, until SIGKILL.
 */
const ENTRY = join(ROOT, 'test', 'ops', 'log-flood-entry.ts');
const LINES = 5000; // about 1.2 MB of JSON lines; a Linux pipe holds 64 KiB

interface Flood {
  child: ChildProcess;
  exit: Promise<Exit>;
  /** Resolves once the process has logged its flood (and goes on logging a line every 100 ms). */
  flooded: Promise<void>;
  /** Starts reading stderr; until then the pipe fills up and stays full. */
  read(): void;
  stderr(): string;
  kill(): void;
}

function startFlood(): Flood {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', FLOOD_LINES: String(LINES) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exit = new Promise<Exit>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  );
  const flooded = new Promise<void>((done, fail) => {
    child.stdout.once('data', () => done());
    void exit.then((e) => fail(new Error(`the flood process exited early: ${JSON.stringify(e)}`)));
    // A stuck child says where it is stuck (its threads' kernel wait channels), not just "timed out".
    setTimeout(() => fail(new Error(`no flood after 45 s: ${describeProcess(child.pid)}`)), 45_000).unref();
  });
  return {
    child,
    exit,
    flooded,
    read: () => child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8'))),
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

async function stopWithin(flood: Flood, ms: number): Promise<Exit> {
  const sentAt = Date.now();
  flood.child.kill('SIGTERM');
  const exit = await exitWithin(flood, ms);
  console.info(`exit ${String(exit.code)} ${exit.at - sentAt} ms after SIGTERM`);
  return exit;
}

const fillers = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.includes('"msg":"filler"'))
    .map((line) => (JSON.parse(line) as { i: number }).i);

describe('logging to a stderr pipe', () => {
  it('exits promptly on SIGTERM while the pipe is full and nobody reads it', async () => {
    const flood = startFlood();
    try {
      await flood.flooded;
      expect(await stopWithin(flood, 2000)).toMatchObject({ code: 0, signal: null });
    } finally {
      flood.kill();
    }
  });

  it('exits promptly on SIGTERM after the reader closed the pipe', async () => {
    const flood = startFlood();
    try {
      flood.child.stderr?.destroy();
      await flood.flooded;
      expect(await stopWithin(flood, 2000)).toMatchObject({ code: 0, signal: null });
    } finally {
      flood.kill();
    }
  });

  it('exits promptly on SIGTERM when the reader closes a pipe that was full', async () => {
    const flood = startFlood();
    try {
      await flood.flooded;
      flood.child.stderr?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300)); // a tick or two hits the broken pipe
      expect(await stopWithin(flood, 2000)).toMatchObject({ code: 0, signal: null });
    } finally {
      flood.kill();
    }
  });

  it('delivers every line, in order, to a reader that falls behind and catches up', async () => {
    const flood = startFlood();
    try {
      await flood.flooded; // everything logged while nobody read: most of it waits in memory
      await new Promise((resolve) => setTimeout(resolve, 300));
      flood.read();
      const deadline = Date.now() + 10_000;
      while (!flood.stderr().includes('"msg":"flood done"') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fillers(flood.stderr())).toEqual(Array.from({ length: LINES }, (_, i) => i));
      expect(await stopWithin(flood, 2000)).toMatchObject({ code: 0, signal: null });
    } finally {
      flood.kill();
    }
  });
});
