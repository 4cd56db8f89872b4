import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

/** Each readiness condition and whether it holds now, e.g. `{ index: true, discord: false }`. */
export type ReadinessChecks = Record<string, boolean>;

export interface HealthServerOptions {
  /** `HEALTH_PORT`; 0 picks a free port (tests). */
  port: number;
  /** `HEALTH_HOST`. */
  host: string;
  metrics: Metrics;
  /** Asked on every GET /readyz; ready when every check holds. */
  readiness: () => ReadinessChecks;
  /**
   * What this process serves, added to /healthz and /readyz answers, e.g. `{ index: { buildId,
   * corpusHash } }`, so an operator can check that every machine serves the same guide.
   */
  about?: () => Record<string, unknown>;
  logger: Logger;
}

export interface HealthServer {
  /**
   * Starts listening and resolves with the port, or with undefined when the port cannot be had (in use,
   * not permitted, bad host): that is logged in one line naming HEALTH_PORT / HEALTH_HOST, and the bot
   * runs on without health checks rather than failing.
   */
  start(): Promise<number | undefined>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Liveness, readiness and Prometheus metrics over plain HTTP (node:http; three fixed routes need no
 * framework):
 * - `GET /healthz`: 200 while the process runs its event loop;
 * - `GET /readyz`: 200 when every readiness check holds, else 503 with `{ status, missing, checks }`;
 * - both add `about()` (the index serving: build id and corpus hash);
 * - `GET /metrics`: the Prometheus exposition of `metrics`.
 */
export function createHealthServer(options: HealthServerOptions): HealthServer {
  const { logger } = options;
  let server: Server | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
    }
    const about = options.about?.() ?? {};
    if (path === '/healthz') return send(res, 200, { status: 'ok', ...about });
    if (path === '/readyz') {
      const checks = options.readiness();
      const missing = Object.keys(checks).filter((name) => !checks[name]);
      return missing.length === 0
        ? send(res, 200, { status: 'ready', checks, ...about })
        : send(res, 503, { status: 'not ready', missing, checks, ...about });
    }
    if (path === '/metrics') {
      const { contentType, body } = await options.metrics.render();
      res.writeHead(200, { 'Content-Type': contentType }).end(body);
      return;
    }
    send(res, 404, { error: `no route ${path}; try /healthz, /readyz or /metrics` });
  };

  return {
    start() {
      const candidate = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          logger.error({ err: error, url: req.url }, 'health server request failed');
          if (!res.headersSent) send(res, 500, { error: 'internal error' });
          else res.destroy();
        });
      });
      return new Promise((resolve) => {
        candidate.once('error', (error: NodeJS.ErrnoException) => {
          logger.error(
            { err: error, port: options.port, host: options.host },
            describeListenError(error, options.port, options.host),
          );
          resolve(undefined);
        });
        candidate.listen(options.port, options.host, () => {
          server = candidate;
          const { port } = candidate.address() as AddressInfo;
          logger.info(
            { host: options.host, port },
            `health and metrics on http://${options.host}:${port} (/healthz, /readyz, /metrics)`,
          );
          resolve(port);
        });
      });
    },
    async close() {
      const current = server;
      server = undefined;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers })
    .end(`${JSON.stringify(body)}\n`);
}

/** One line an operator can act on, naming the setting to change. */
function describeListenError(error: NodeJS.ErrnoException, port: number, host: string): string {
  const off = 'health checks and metrics are off; the bot keeps running';
  switch (error.code) {
    case 'EADDRINUSE':
      return `HEALTH_PORT ${port} is already in use on ${host}: set HEALTH_PORT to a free port (${off})`;
    case 'EACCES':
      return `HEALTH_PORT ${port} needs privileges on ${host}: use a port above 1023 (${off})`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HEALTH_HOST ${host} is not an address of this machine: use 127.0.0.1 or 0.0.0.0 (${off})`;
    default:
      return `could not listen on HEALTH_HOST ${host}, HEALTH_PORT ${port}: ${error.message} (${off})`;
  }
}
