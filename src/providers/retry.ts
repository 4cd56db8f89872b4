import { describeProviderError, type ProviderFailure } from './provider-errors.js';

/** How to retry a call to a model provider (hosted embedder or chat model). */
export interface RetryOptions {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** First backoff; doubles every retry, with jitter. */
  baseDelayMs: number;
  /** No single wait is longer than this, even when the server asks for more in Retry-After. */
  maxDelayMs: number;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (event: { attempt: number; delayMs: number; failure: ProviderFailure }) => void;
  /** Injected for deterministic tests; defaults to Math.random. */
  random?: () => number;
  /**
   * Epoch ms after which no attempt can help (the caller's time budget): a wait that would end after
   * it is not taken and the error is rethrown at once, so a long Retry-After fails fast.
   */
  deadline?: number;
  /** Extra veto, e.g. "nothing was streamed to the reader yet". */
  canRetry?: (failure: ProviderFailure) => boolean;
  /** Cuts a wait short. */
  signal?: AbortSignal;
}

/**
 * Calls `attempt` until it succeeds, a failure is not retryable (401, 400, a malformed body), or the
 * retries run out; then rethrows the last error. Waits grow exponentially with "equal jitter" and honour
 * the server's Retry-After when it is longer.
 *
 * Written by hand rather than reusing LangChain's AsyncCaller because the caller's backoff starts at a
 * fixed 1 s (too slow for tests, not configurable) and we need to count every HTTP attempt.
 */
export async function callWithRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const failure = describeProviderError(error);
      if (!failure.retryable || attemptNumber > options.maxRetries || options.canRetry?.(failure) === false)
        throw error;
      const exponential = options.baseDelayMs * 2 ** (attemptNumber - 1);
      const jittered = exponential / 2 + (random() * exponential) / 2;
      const wanted = Math.max(jittered, failure.retryAfterMs ?? 0);
      if (options.deadline !== undefined && Date.now() + wanted >= options.deadline) throw error;
      const delayMs = Math.round(Math.min(options.maxDelayMs, wanted));
      options.onRetry?.({ attempt: attemptNumber, delayMs, failure });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
