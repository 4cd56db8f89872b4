import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (where package.json, src/ and node_modules are). */
export const ROOT = resolve(import.meta.dirname, '../..');

/** One JSON log line of the bot. */
export interface LogLine {
  level: number;
  msg: string;
  pid: number;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process exited. */
  at: number;
}

/** A process started by a test, with its stderr log lines collected. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly exit: Promise<Exit>;
  /** Everything written to stderr so far (empty when stderr is not read). */
  stderr(): string;
  logs(): LogLine[];
  /** Resolves with the first log line that matches; rejects after `timeoutMs` or when the process exits. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGKILLs it if it is still running (for `finally` blocks). */
  kill(): void;
}

/**
 * Starts `command args` in `cwd` with exactly `env` (plus PATH and HOME), stdout ignored. With
 * `stderr: 'ignore-pipe'` stderr is a pipe that is never read (the caller may close or leave it).
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; stderr?: 'read' | 'ignore-pipe' },
): BotProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  if (options.stderr !== 'ignore-pipe') {
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const waiter of [...waiters]) waiter();
    });
  }
  let exited = false;
  const exit = new Promise<Exit>((done) =>
    child.on('exit', (code, signal) => {
      exited = true;
      done({ code, signal, at: Date.now() });
      for (const waiter of [...waiters]) waiter();
    }),
  );
  const logs = () =>
    text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return {
    child,
    exit,
    stderr: () => text,
    logs,
    waitForLog(predicate, timeoutMs = 90_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = logs().find(predicate);
          if (found) {
            cleanup();
            resolvePromise(found);
          } else if (exited) {
            cleanup();
            reject(new Error(`the process exited before the log line came; stderr:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line; stderr:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Whether `pid` is still a live process (a zombie has exited and counts as gone). */
export function isAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** A running process's threads and where each waits in the kernel (for timeout messages). */
export function describeProcess(pid: number | undefined): string {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return '?';
    }
  };
  if (pid === undefined || !existsSync(`/proc/${pid}`)) return `process ${String(pid)} is gone`;
  const threads = readdirSync(`/proc/${pid}/task`).map((tid) => {
    const state = read(`/proc/${pid}/task/${tid}/stat`)
      .replace(/^.*\) /s, '')
      .split(' ')[0];
    return `${tid}:${state}/${read(`/proc/${pid}/task/${tid}/wchan`)}`;
  });
  return `process ${pid}, threads (id:state/wait) ${threads.join(' ')}`;
}

/** Resolves with the exit, or rejects when it takes longer than `ms`. */
export async function exitWithin(
  bot: Pick<BotProcess, 'exit' | 'stderr'> & { child: { pid?: number | undefined } },
  ms: number,
): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      bot.exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `still running ${ms} ms after the signal (${describeProcess(bot.child.pid)}); stderr:\n${bot.stderr()}`,
              ),
            ),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
