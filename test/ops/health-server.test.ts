import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthServer, type HealthServer, type ReadinessChecks } from '../../src/ops/health-server.js';
import { createMetrics } from '../../src/ops/metrics.js';

/** GET /healthz, /readyz and /metrics over real HTTP on 127.0.0.1. */
const servers: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function capturingLogger() {
  const lines: { level: number; msg: string; port?: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

async function start(readiness: () => ReadinessChecks, port = 0, about?: () => Record<string, unknown>) {
  const { logger, lines } = capturingLogger();
  const metrics = createMetrics();
  const server = createHealthServer({
    port,
    host: '127.0.0.1',
    metrics,
    readiness,
    logger,
    ...(about ? { about } : {}),
  });
  servers.push(server);
  const bound = await server.start();
  return { bound, metrics, lines, url: (path: string) => `http://127.0.0.1:${bound}${path}` };
}

describe('createHealthServer', () => {
  it('answers /healthz with 200 while the process runs', async () => {
    const { url } = await start(() => ({ index: false }));
    const res = await fetch(url('/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 naming what is missing, then 200 once every check holds', async () => {
    const checks = { index: true, discord: false };
    const { url } = await start(() => checks);
    const notReady = await fetch(url('/readyz'));
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('content-type')).toBe('application/json');
    expect(await notReady.json()).toEqual({ status: 'not ready', missing: ['discord'], checks });
    checks.discord = true;
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks });
  });

  it('names the index it serves on /healthz and /readyz, as it is at each request', async () => {
    let index = { buildId: 'b1', corpusHash: 'aaaaaaaaaaaa' };
    const { url } = await start(
      () => ({ index: true }),
      0,
      () => ({ index }),
    );
    expect(await (await fetch(url('/healthz'))).json()).toEqual({ status: 'ok', index });
    index = { buildId: 'b2', corpusHash: 'bbbbbbbbbbbb' };
    expect(await (await fetch(url('/readyz'))).json()).toEqual({
      status: 'ready',
      checks: { index: true },
      index: { buildId: 'b2', corpusHash: 'bbbbbbbbbbbb' },
    });
  });

  it('serves the metrics as Prometheus text', async () => {
    const { url, metrics } = await start(() => ({}));
    metrics.observeAnswer('answered', 0.2);
    const res = await fetch(url('/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE guidebot_answers_total counter');
    expect(text).toContain('guidebot_answers_total{outcome="answered"} 1');
    expect(text).toContain('# TYPE guidebot_answer_seconds histogram');
  });

  it('answers other paths with 404 and other methods with 405', async () => {
    const { url } = await start(() => ({}));
    expect((await fetch(url('/nope'))).status).toBe(404);
    expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(405);
  });

  it('logs one line naming HEALTH_PORT when the port is taken, and does not throw', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const { bound, lines } = await start(() => ({}), taken);
      expect(bound).toBeUndefined();
      const errors = lines.filter((line) => line.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.msg).toContain(`HEALTH_PORT ${taken} is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stops listening on close', async () => {
    const { url } = await start(() => ({}));
    await servers[0]?.close();
    await expect(fetch(url('/healthz'))).rejects.toThrow();
  });
});
