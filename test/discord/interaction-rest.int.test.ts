import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractionRest } from '../../src/discord/interaction-rest.js';

/**
 * A local HTTP server stands in for Discord's webhook route. It records when each edit arrives and
 * answers after a short pause, so that a client limited to 50 requests per second shows it.
 */
let server: Server;
let api: string;
const arrivals: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals.push(Date.now());
    req.resume();
    req.on('end', () =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}'), 20),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Sends `n` edits of different interactions at once; how many reached the server in the first 600 ms. */
async function burst(rest: REST, n: number): Promise<number> {
  arrivals.length = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      rest.patch(Routes.webhookMessage('111111111111111111', `token-${i}`, '@original'), {
        body: { content: 'answer' },
        auth: false,
      }),
    ),
  );
  return arrivals.filter((at) => at - start < 600).length;
}

describe('createInteractionRest', () => {
  it('sends a burst of interaction edits at once, where the client REST holds them to 50 per second', async () => {
    const limited = new REST({ api, retries: 0 });
    const unlimited = createInteractionRest({ api, retries: 0 });
    // discord.js's default client REST: the global limiter lets 50 through, the rest wait for the next second.
    expect(await burst(limited, 120)).toBeLessThanOrEqual(50);
    expect(await burst(unlimited, 120)).toBe(120);
  });
});
