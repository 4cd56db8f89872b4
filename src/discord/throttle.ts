/**
 * Coalesces streamed partial answers into edits at most once per `intervalMs` (Discord rate-limits
 * message edits; about one a second reads smoothly). Only the latest text is sent; a failed edit is
 * reported to `onError` and does not stop later ones.
 */
export interface ThrottledEditor {
  push(text: string): void;
  /** Stops further edits and waits for the one in flight, so the final edit lands last. */
  close(): Promise<void>;
}

export function createThrottledEditor(
  edit: (text: string) => Promise<unknown>,
  options: { intervalMs?: number; onError?: (error: unknown) => void; now?: () => number } = {},
): ThrottledEditor {
  const interval = options.intervalMs ?? 1000;
  const now = options.now ?? Date.now;
  let latest: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let lastAt = -Infinity;
  let closed = false;

  const schedule = () => {
    if (closed || timer || inFlight || latest === undefined) return;
    timer = setTimeout(flush, Math.max(0, lastAt + interval - now()));
  };
  const flush = () => {
    timer = undefined;
    if (closed || latest === undefined) return;
    const text = latest;
    latest = undefined;
    lastAt = now();
    inFlight = edit(text)
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };

  return {
    push(text) {
      if (closed) return;
      latest = text;
      schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
