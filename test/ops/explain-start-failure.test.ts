import { Client, DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PipelineError } from '../../src/core/errors.js';
import { explainStartFailure } from '../../src/ops/explain-start-failure.js';
import { FAKE_TOKEN } from '../support/fake-discord/ids.js';

/**
 * What `npm start` prints when it cannot start. The errors are the shapes discord.js and undici really
 * throw (checked against the fake Discord: a /v10 suffix, a closed port, a rejected token); the
 * end-to-end runs are in process.int.test.ts.
 */
const config = (env: Record<string, string> = {}) => loadConfig({ DISCORD_TOKEN: FAKE_TOKEN, ...env });

function apiError(status: number, url: string, raw: object = { message: '404: Not Found', code: 0 }) {
  return new DiscordAPIError(raw as never, 0, status, 'GET', url, {});
}

function refused(port: number) {
  return Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
  });
}

describe('explainStartFailure', () => {
  it('names DISCORD_API_URL and the stray version when the URL ends in /v10', () => {
    const api = 'http://127.0.0.1:3000/api/v10';
    const message = explainStartFailure(
      apiError(404, `${api}/v10/gateway/bot`),
      config({ DISCORD_API_URL: api }),
    );
    expect(message).toContain(`DISCORD_API_URL (${api})`);
    expect(message).toContain('HTTP 404');
    expect(message).toMatch(/Remove the version/);
  });

  it('names DISCORD_API_URL for a server that answers without a Discord error body ("No Description")', () => {
    const api = 'http://127.0.0.1:3000/';
    const error = apiError(404, 'http://127.0.0.1:3000/v10/gateway/bot', { error: 'not found' });
    expect(error.message).toBe('No Description');
    const message = explainStartFailure(error, config({ DISCORD_API_URL: api }));
    expect(message).toContain('DISCORD_API_URL');
    expect(message).not.toMatch(/^Could not start: No Description$/);
  });

  it('names DISCORD_API_URL when the connection is refused', () => {
    const message = explainStartFailure(refused(9), config({ DISCORD_API_URL: 'http://127.0.0.1:9/api' }));
    expect(message).toMatch(
      /^Could not reach DISCORD_API_URL \(http:\/\/127\.0\.0\.1:9\/api\): connect ECONNREFUSED/,
    );
  });

  it('says Discord itself could not be reached when DISCORD_API_URL is not set, and still names it', () => {
    const error = new TypeError('fetch failed', { cause: refused(443) });
    const message = explainStartFailure(error, config());
    expect(message).toContain('https://discord.com/api');
    expect(message).toContain('DISCORD_API_URL is not set');
  });

  it('names DISCORD_TOKEN for a 401, a TokenInvalid error and a gateway "Authentication failed", without echoing it', async () => {
    const errors = [
      await new Client({ intents: [] }).login('').catch((error: unknown) => error),
      apiError(401, 'https://discord.com/api/v10/gateway/bot', { message: '401: Unauthorized', code: 0 }),
      new Error('Authentication failed'),
    ];
    for (const error of errors) {
      const message = explainStartFailure(error, config());
      expect(message).toContain('DISCORD_TOKEN');
      expect(message).not.toContain(FAKE_TOKEN);
    }
  });

  it('says to try later when Discord answers 5xx', () => {
    const message = explainStartFailure(apiError(502, 'https://discord.com/api/v10/gateway/bot'), config());
    expect(message).toMatch(/HTTP 502.*few minutes/);
  });

  it('explains index problems and an unreachable embedder', () => {
    const settings = config({ INDEX_DIR: '/srv/index', CORPUS_DIR: '/srv/corpus' });
    expect(explainStartFailure(new PipelineError('INDEX_MISSING', 'no index'), settings)).toMatch(
      /^No index in \/srv\/index\. Build it with `npm run ingest` \(reads \/srv\/corpus\)/,
    );
    const embedder = new PipelineError(
      'EMBEDDINGS_FAILED',
      'ollama embeddings (nomic-embed-text) failed: embedding a query: could not reach the model server (OLLAMA_BASE_URL=http://127.0.0.1:11434)',
    );
    expect(explainStartFailure(embedder, settings)).toContain('OLLAMA_BASE_URL=http://127.0.0.1:11434');
  });

  it('falls back to the error message for anything else', () => {
    expect(explainStartFailure(new Error('disk on fire'), config())).toBe('Could not start: disk on fire');
  });
});
