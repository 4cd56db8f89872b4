import { constants, fstatSync, openSync } from 'node:fs';
import sonicBoom, { type SonicBoom } from 'sonic-boom';

export interface StderrDestinationOptions {
  /** File descriptor to write to. Default 2 (stderr). */
  fd?: number;
  /** Log bytes kept in memory while the reader does not keep up; later lines are dropped. Default 4 MiB. */
  maxBufferBytes?: number;
}

/** How soon lines held back by a full pipe are tried again when nothing new is logged. */
const RETRY_MS = 200;

/**
 * The logger's destination: pino's SonicBoom writing synchronously to a non-blocking stderr, set up so
 * that a stderr nobody reads can neither keep the process from exiting nor grow its memory.
 *
 * Why not `pino.destination(2)`: it writes asynchronously and flushes synchronously at exit, and that
 * exit flush retries a failed write every 100 ms forever, for EPIPE (the reader closed the pipe) as for
 * EAGAIN (the pipe is full because the reader stopped reading). The loop blocks the only thread, so not
 * even a second SIGTERM gets through. Here:
 * - every line is written when it is logged, so there is nothing to flush at exit;
 * - a full pipe never makes the bot wait: the line stays queued (at most `maxBufferBytes`, in order)
 *   and is retried with the next line or after RETRY_MS;
 * - a broken pipe (EPIPE) or any other write error stops logging instead of crashing or hanging.
 */
export function createStderrDestination(options: StderrDestinationOptions = {}): SonicBoom {
  const { fd, beforeWrite } = nonBlocking(options.fd ?? 2);
  const stream = new sonicBoom.SonicBoom({
    fd,
    sync: true,
    minLength: 0,
    maxLength: options.maxBufferBytes ?? 4 * 1024 * 1024,
    // SonicBoom's retry sleeps on the main thread; we retry from a timer instead (below).
    retryEAGAIN: () => false,
  });
  if (beforeWrite) {
    const write = stream.write.bind(stream);
    stream.write = (data: string) => {
      beforeWrite();
      return write(data);
    };
  }
  let retry: NodeJS.Timeout | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EAGAIN' || error.code === 'EBUSY') {
      // The unwritten rest stays first in line; an empty write pushes it out once there is room.
      retry ??= setTimeout(() => {
        retry = undefined;
        stream.write('');
      }, RETRY_MS).unref();
      return;
    }
    // EPIPE and the like: there is nowhere left to log to. Stop writing; keep running.
    if (retry) clearTimeout(retry);
    stream.write = () => true;
    stream.flushSync = () => undefined;
  });
  return stream;
}

interface Handle {
  setBlocking?(blocking: boolean): number;
}

/**
 * The fd to write to, and a step to run before each write that keeps it non-blocking.
 *
 * - A pipe (FIFO): a second handle on it, opened non-blocking through /proc (Linux). It is an open file
 *   description of our own, so nothing another process does to the pipe's mode reaches it.
 * - A socket on fd 2 (journald, or a parent's `stdio: 'pipe'`, which Node makes a socketpair): it
 *   cannot be reopened, and its mode is shared with every process that inherited it. A child spawned
 *   with the same stderr (tsx's esbuild on a cold cache, a shard) sets it back to blocking, and a
 *   blocking write to a full socket stalls the thread in the kernel, where no signal handler runs. So
 *   the mode is set again (one fcntl through Node's own stderr handle) before every write.
 * - Files never block; a terminal belongs to a person: both are used as they are.
 */
function nonBlocking(fd: number): { fd: number; beforeWrite?: () => void } {
  try {
    const stat = fstatSync(fd);
    if (stat.isSocket() && fd === 2) {
      const handle = (process.stderr as unknown as { _handle?: Handle })._handle;
      if (typeof handle?.setBlocking !== 'function') return { fd };
      return { fd, beforeWrite: () => void handle.setBlocking?.(false) };
    }
    if (!stat.isFIFO()) return { fd };
    return { fd: openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK) };
  } catch {
    // Not Linux, or the reader is already gone (ENXIO): writes to `fd` fail fast with EPIPE then.
    return { fd };
  }
}
