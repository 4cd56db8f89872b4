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
  const fd = nonBlocking(options.fd ?? 2);
  const stream = new sonicBoom.SonicBoom({
    fd,
    sync: true,
    minLength: 0,
    maxLength: options.maxBufferBytes ?? 4 * 1024 * 1024,
    // SonicBoom's retry sleeps on the main thread; we retry from a timer instead (below).
    retryEAGAIN: () => false,
  });
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

/**
 * For a pipe, a second handle on it opened non-blocking; otherwise `fd` itself. Whether fd 2 is
 * non-blocking depends on who touched `process.stderr` first (under `node --import tsx` it stays
 * blocking), and a blocking write to a full pipe stalls the thread inside the kernel, where no signal
 * handler runs. Reopening through /proc (Linux) gives a handle of our own, so the mode that other
 * writers of the same pipe see does not change. Files never block; a terminal belongs to a person;
 * a socket (journald) cannot be reopened this way and is used as it is.
 */
function nonBlocking(fd: number): number {
  try {
    if (!fstatSync(fd).isFIFO()) return fd;
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    // Not Linux, or the reader is already gone (ENXIO): writes to `fd` fail fast with EPIPE then.
    return fd;
  }
}
