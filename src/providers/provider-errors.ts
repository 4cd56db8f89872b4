/**
 * Turns the many error shapes of model-provider clients (the openai SDK's APIError, LangChain's wrapped
 * errors, the ollama client's ResponseError, fetch's TypeError, JSON SyntaxErrors) into one small,
 * secret-free description. Used for both chat models and embedders, so retries and the short reason a
 * person sees do not depend on which client failed.
 */

export type ProviderFailureKind =
  | 'timeout'
  | 'aborted'
  | 'auth'
  | 'rate_limit'
  | 'not_found'
  | 'bad_request'
  | 'server'
  | 'unreachable'
  | 'malformed'
  | 'other';

export interface ProviderFailure {
  kind: ProviderFailureKind;
  /** HTTP status, when the server answered. */
  status?: number;
  /** From a Retry-After / retry-after-ms header, when the server sent one. */
  retryAfterMs?: number;
  /** Whether trying the same request again may succeed. */
  retryable: boolean;
  /** A short reason for people and logs; never contains request data or secrets. */
  reason: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/**
 * Describes why a provider call failed. `timeoutMs` is only used to word a timeout; `server` names the
 * setting that points at the server (e.g. `OLLAMA_BASE_URL=http://127.0.0.1:11434`), so a reason an
 * operator reads says what to check.
 */
export function describeProviderError(
  error: unknown,
  context: { timeoutMs?: number; signal?: AbortSignal; server?: string } = {},
): ProviderFailure {
  const within = context.timeoutMs ? ` within ${context.timeoutMs} ms` : '';
  const at = context.server ? ` (${context.server})` : '';
  const timeout: ProviderFailure = {
    kind: 'timeout',
    retryable: true,
    reason: `no answer from the model server${at}${within}`,
  };
  const aborted: ProviderFailure = { kind: 'aborted', retryable: false, reason: 'the request was cancelled' };
  // Our own signal is the most reliable witness: clients word timeouts and aborts differently.
  if (context.signal?.aborted) return isNamed(context.signal.reason, 'TimeoutError') ? timeout : aborted;

  const status = statusOf(error);
  if (status !== undefined) {
    const retryAfterMs = retryAfterOf(error);
    const base = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    if (status === 401 || status === 403) {
      return {
        ...base,
        kind: 'auth',
        retryable: false,
        reason: `the model server refused the API key (HTTP ${status})`,
      };
    }
    if (status === 429)
      return {
        ...base,
        kind: 'rate_limit',
        retryable: true,
        reason: 'rate limited by the model server (HTTP 429)',
      };
    if (status === 404) {
      return {
        ...base,
        kind: 'not_found',
        retryable: false,
        reason: `model or endpoint not found (HTTP 404)${at}; check the model name and base URL`,
      };
    }
    if (status === 408 || status === 409 || status === 425 || status >= 500) {
      return { ...base, kind: 'server', retryable: true, reason: `the model server failed (HTTP ${status})` };
    }
    return {
      ...base,
      kind: 'bad_request',
      retryable: false,
      reason: `the model server rejected the request (HTTP ${status})`,
    };
  }

  if (
    chainHas(
      error,
      (e) =>
        isNamed(e, 'TimeoutError') ||
        isNamed(e, 'APIConnectionTimeoutError') ||
        /timed out/i.test(messageOf(e)),
    )
  ) {
    return timeout;
  }
  if (chainHas(error, (e) => isNamed(e, 'AbortError') || isNamed(e, 'APIUserAbortError'))) return aborted;
  if (
    chainHas(
      error,
      (e) =>
        e instanceof SyntaxError ||
        /JSON|Unexpected (token|end)|did not receive done|unterminated|malformed/i.test(messageOf(e)),
    )
  ) {
    return { kind: 'malformed', retryable: false, reason: 'malformed response from the model server' };
  }
  if (
    chainHas(
      error,
      (e) =>
        isNamed(e, 'APIConnectionError') ||
        UNREACHABLE_CODES.has(codeOf(e) ?? '') ||
        (e instanceof TypeError && /fetch failed|network|socket/i.test(messageOf(e))),
    )
  ) {
    return {
      kind: 'unreachable',
      retryable: true,
      reason: `could not reach the model server${at}; is it running, and is that the right URL?`,
    };
  }
  return {
    kind: 'other',
    retryable: false,
    reason: `unexpected error from the model client (${errorName(error)})`,
  };
}

/** Walks `error` and its `cause` chain (bounded, in case of cycles). */
function chainHas(error: unknown, test: (e: unknown) => boolean): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (test(current)) return true;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return false;
}

function isNamed(error: unknown, name: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === name || error.constructor?.name === name)
  );
}

function messageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return typeof error === 'string' ? error : '';
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  }
  return typeof error;
}

function statusOf(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as {
      status?: unknown;
      status_code?: unknown;
      statusCode?: unknown;
      response?: { status?: unknown };
    };
    for (const value of [
      candidate.status,
      candidate.status_code,
      candidate.statusCode,
      candidate.response?.status,
    ]) {
      if (typeof value === 'number' && value >= 100 && value < 600) return value;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers =
    typeof error === 'object' && error !== null ? (error as { headers?: unknown }).headers : undefined;
  const read = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ms = Number(read('retry-after-ms'));
  if (read('retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = read('retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
