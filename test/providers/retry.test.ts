import { describe, expect, it } from 'vitest';
import { callWithRetries } from '../../src/providers/retry.js';

function httpError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers) });
}

describe('callWithRetries', () => {
  it('waits exponentially longer between attempts, honouring a longer Retry-After up to the cap', async () => {
    const delays: number[] = [];
    const failures = [
      httpError(500),
      httpError(502),
      httpError(429, { 'retry-after': '0.05' }),
      httpError(429, { 'retry-after': '3600' }),
    ];
    let attempts = 0;
    const result = await callWithRetries(
      async () => {
        const failure = failures[attempts++];
        if (failure) throw failure;
        return 'ok';
      },
      {
        maxRetries: 5,
        baseDelayMs: 2,
        maxDelayMs: 60,
        random: () => 1,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(5);
    // base 2 ms doubling (with random()=1 the jitter adds the full half): 2, 4; then Retry-After 50 ms; then capped at 60 ms.
    expect(delays).toEqual([2, 4, 50, 60]);
  });

  it('rethrows at once when a failure is not worth retrying', async () => {
    let attempts = 0;
    const failure = callWithRetries(
      async () => {
        attempts++;
        throw httpError(400);
      },
      { maxRetries: 5, baseDelayMs: 1, maxDelayMs: 1 },
    );
    await expect(failure).rejects.toThrow('HTTP 400');
    expect(attempts).toBe(1);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    let attempts = 0;
    const failure = callWithRetries(
      async () => {
        attempts++;
        throw httpError(503);
      },
      { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    );
    await expect(failure).rejects.toThrow('HTTP 503');
    expect(attempts).toBe(3);
  });
});
