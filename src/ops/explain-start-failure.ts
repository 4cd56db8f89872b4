import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { isPipelineError } from '../core/errors.js';

/** The settings a start-up failure can point at. */
export type StartFailureConfig = Pick<Config, 'INDEX_DIR' | 'CORPUS_DIR' | 'DISCORD_API_URL'>;

/** Discord's API when DISCORD_API_URL is not set (discord.js's default). */
const DEFAULT_DISCORD_API = 'https://discord.com/api';

/** Error codes of a connection that never got an HTTP answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Turns a start-up failure of `npm start` into what to do about it, naming the setting to change.
 * Covers the index (missing, built with another embedder, corrupt), the embedder (unreachable server),
 * settings, and logging in to Discord: a wrong or unreachable DISCORD_API_URL, a rejected DISCORD_TOKEN.
 * Never echoes the token.
 */
export function explainStartFailure(error: unknown, config: StartFailureConfig): string {
  if (isPipelineError(error, 'INDEX_MISSING')) {
    return `No index in ${config.INDEX_DIR}. Build it with \`npm run ingest\` (reads ${config.CORPUS_DIR}), then run \`npm start\` again.`;
  }
  if (isPipelineError(error, 'INDEX_EMBEDDER_MISMATCH')) {
    return `${error.message}\nRebuild the index with the configured embedder: \`npm run ingest\`.`;
  }
  if (isPipelineError(error, 'EMBEDDINGS_FAILED')) {
    return `${error.message}\nThe bot embeds each question with EMBEDDINGS_PROVIDER; check that its server is running and its URL setting.`;
  }
  if (isPipelineError(error)) {
    return `${error.message}\nRebuilding the index (\`npm run ingest\`) usually fixes this.`;
  }
  if (error instanceof ConfigError) return error.message;

  const api = config.DISCORD_API_URL ?? DEFAULT_DISCORD_API;
  const apiSetting = config.DISCORD_API_URL
    ? `DISCORD_API_URL (${config.DISCORD_API_URL})`
    : `Discord's API (${DEFAULT_DISCORD_API}; DISCORD_API_URL is not set)`;
  const code = fieldOf(error, 'code');
  const status = fieldOf(error, 'status');
  const message = error instanceof Error ? error.message : String(error);

  if (code === 'TokenInvalid' || status === 401 || message === 'Authentication failed') {
    return 'Discord rejected DISCORD_TOKEN (401 / Authentication failed). Reset the token in the Developer Portal (Bot > Reset Token) and update .env.';
  }
  if (code === 'DisallowedIntents') {
    return 'Discord refused the gateway intents. The bot needs no privileged intent; check the application settings.';
  }
  const network = findInChain(error, (e) => NETWORK_CODES.has(String(fieldOf(e, 'code') ?? '')));
  if (network !== undefined) {
    const detail = network instanceof Error ? network.message : String(fieldOf(network, 'code'));
    return `Could not reach ${apiSetting}: ${detail}. ${
      config.DISCORD_API_URL
        ? 'Check DISCORD_API_URL (host and port), or leave it empty to use Discord.'
        : 'Check this machine can reach discord.com (network, firewall, proxy); DISCORD_API_URL is only for a Discord-compatible server.'
    }`;
  }
  if (findInChain(error, (e) => isNamed(e, 'TimeoutError') || isNamed(e, 'AbortError')) !== undefined) {
    return `${apiSetting} did not answer in time. Check DISCORD_API_URL and this machine's network.`;
  }
  const url = fieldOf(error, 'url');
  const fromDiscordApi =
    typeof status === 'number' && typeof url === 'string' && url.startsWith(api.replace(/\/+$/, ''));
  if (fromDiscordApi && (status === 429 || (status as number) >= 500)) {
    return `${apiSetting} answered HTTP ${String(status)} (${message}). Discord is busy or failing; start again in a few minutes.`;
  }
  if (fromDiscordApi || message === 'No Description') {
    const version = /\/v\d+\/?$/.test(config.DISCORD_API_URL ?? '')
      ? ' Remove the version from the end: discord.js adds /v10 itself.'
      : '';
    const request = typeof url === 'string' ? ` (${String(fieldOf(error, 'method') ?? 'GET')} ${url}` : ' (';
    return `${apiSetting} did not answer like Discord's API${request}: HTTP ${String(status ?? '?')} ${message}). DISCORD_API_URL must be the API's base without a version, e.g. http://127.0.0.1:3000/api.${version}`;
  }
  return `Could not start: ${message}`;
}

function fieldOf(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

function isNamed(error: unknown, name: string): boolean {
  return fieldOf(error, 'name') === name;
}

/** The first error in `error`'s cause chain (bounded) that passes `test`. */
function findInChain(error: unknown, test: (e: unknown) => boolean): unknown {
  let current = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (test(current)) return current;
    current = fieldOf(current, 'cause');
  }
  return undefined;
}
