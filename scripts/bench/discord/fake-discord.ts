/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary Discord JSON */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_TOKEN, IDS } from '../../../test/support/fake-discord/ids.js';
import {
  guildCreate,
  messageObject,
  USERS,
  type InteractionPayload,
} from '../../../test/support/fake-discord/payloads.js';

/** How a bot answered: one step (callback type 4) or deferred (type 5) and then edited or followed up. */
export type ReplyStyle = 'reply' | 'defer+edit' | 'defer+followup';

/** What the fake reports about one interaction it dispatched; times are ms since dispatch. */
export interface InteractionWatcher {
  /** The first response (any callback type) arrived in time. */
  onFirst(ms: number, type: number): void;
  /** The final answer: a type 4 callback, or the first non-partial edit / follow-up after a type 5. */
  onFinal(ms: number, style: ReplyStyle, body: any): void;
  /** The first response came after the deadline; the fake refused it with 10062, as Discord does. */
  onLate(ms: number): void;
}

interface Tracked {
  id: string;
  channelId: string;
  sentAt: number;
  watcher: InteractionWatcher;
  acked: boolean;
  deferred: boolean;
  finished: boolean;
  /** The first response's message data; the `@original` message is built from it when a webhook call needs it. */
  firstData?: any;
  original?: any;
}

/**
 * A lean Discord (REST + gateway) on 127.0.0.1 for load: the handshake of DISCORD-FAKE.md, the
 * interaction callback and webhook routes an answer needs, and the 3-second deadline (10062). Unlike
 * test/support/fake-discord (whose payload builders it reuses), it keeps no request log and finds an
 * interaction by its token in a map, so thousands of questions cost it little; it reports each
 * interaction's first and final response to a watcher instead.
 */
export class BenchDiscord {
  /** Gateway connections that completed IDENTIFY. */
  identified = 0;
  /** HTTP requests answered, and those the fake had no route for (by `METHOD path`). */
  readonly counts = { requests: 0, partialEdits: 0, doubleAcks: 0 };
  readonly unknownRoutes = new Map<string, number>();

  readonly #byToken = new Map<string, Tracked>();
  readonly #sockets = new Set<WebSocket>();
  readonly #seq = new WeakMap<WebSocket, number>();
  readonly #identifyWaiters = new Set<() => void>();
  #server!: Server;
  #wss!: WebSocketServer;
  #port = 0;

  private constructor(
    readonly deadlineMs: number,
    private readonly isPartial: (body: any) => boolean,
  ) {}

  /** Starts on a free port. `isPartial` tells a streamed partial edit from the final answer (see run.ts). */
  static async start(
    options: { deadlineMs?: number; isPartial?: (body: any) => boolean } = {},
  ): Promise<BenchDiscord> {
    const fake = new BenchDiscord(options.deadlineMs ?? 3000, options.isPartial ?? (() => false));
    await fake.#listen();
    return fake;
  }

  /** For `DISCORD_API_URL` / the client's `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** Dispatches INTERACTION_CREATE to every identified client and starts its clock. */
  send(payload: InteractionPayload, watcher: InteractionWatcher): void {
    this.#byToken.set(payload.token, {
      id: payload.id,
      channelId: payload.channel_id,
      sentAt: performance.now(),
      watcher,
      acked: false,
      deferred: false,
      finished: false,
    });
    for (const socket of this.#sockets) this.#dispatch(socket, 'INTERACTION_CREATE', payload);
  }

  /** Forgets an interaction (answered or given up); later requests for it get Discord's 404s. */
  forget(token: string): void {
    this.#byToken.delete(token);
  }

  /** Resolves once `n` clients have identified in total; rejects after `timeoutMs`. */
  waitForIdentified(n: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.identified < n) return;
        clearTimeout(timer);
        this.#identifyWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#identifyWaiters.delete(check);
        reject(new Error(`fake discord: no bot identified on the gateway within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#identifyWaiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- gateway ---

  async #listen(): Promise<void> {
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    // Discord keeps idle connections open far longer than Node's 5 s default. With 5 s, a bot whose
    // event loop stalls sends on a socket the fake already closed ("other side closed"): a failure of the fake.
    this.#server.keepAliveTimeout = 120_000;
    this.#server.headersTimeout = 121_000;
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onGateway(ws));
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  #onGateway(ws: WebSocket): void {
    this.#seq.set(ws, 0);
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: any };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (packet.op === 2) {
        if (packet.d?.token !== FAKE_TOKEN && packet.d?.token !== `Bot ${FAKE_TOKEN}`)
          return ws.close(4004, 'Authentication failed');
        this.#sockets.add(ws);
        this.identified += 1;
        this.#dispatch(ws, 'READY', {
          v: 10,
          user: { ...USERS.bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [{ id: IDS.guild, unavailable: true }],
          session_id: `bench-session-${this.identified}`,
          resume_gateway_url: `ws://127.0.0.1:${this.#port}/gateway`,
          application: { id: IDS.application, flags: 0 },
          private_channels: [],
        });
        this.#dispatch(ws, 'GUILD_CREATE', guildCreate());
        for (const waiter of [...this.#identifyWaiters]) waiter();
      } else if (packet.op === 6) {
        ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null })); // no resume: identify afresh
      }
    });
    ws.on('close', () => this.#sockets.delete(ws));
  }

  #dispatch(ws: WebSocket, event: string, data: unknown): void {
    const s = (this.#seq.get(ws) ?? 0) + 1;
    this.#seq.set(ws, s);
    ws.send(JSON.stringify({ op: 0, t: event, s, d: data }));
  }

  // --- REST ---

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const [rawPath, query = ''] = (req.url ?? '/').split('?') as [string, string?];
      const path = decodeURIComponent(rawPath).replace(/^\/api(\/v\d+)?/, '');
      const method = req.method ?? 'GET';
      this.counts.requests += 1;
      const [status, payload] = this.#route(method, path, body, /(^|&)with_response=true\b/.test(query));
      if (status === 204) res.writeHead(204).end();
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload ?? {}));
    });
  }

  #route(method: string, path: string, body: any, withResponse: boolean): [number, unknown] {
    let m: RegExpExecArray | null;
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      return this.#callback(m[1]!, m[2]!, body, withResponse);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      return this.#webhook(method, m[2]!, m[3], body);
    }
    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.#port}/gateway`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      return [
        200,
        Array.isArray(body) ? body.map((c: any, i: number) => ({ id: String(7e17 + i), ...c })) : [],
      ];
    }
    if (method === 'GET' && path === '/users/@me') return [200, USERS.bot];
    if (method === 'GET' && path === '/applications/@me')
      return [200, { id: IDS.application, name: 'guidebot', flags: 0, bot_public: true, description: '' }];
    const route = `${method} ${path.replace(/\d{15,}/g, ':id')}`;
    this.unknownRoutes.set(route, (this.unknownRoutes.get(route) ?? 0) + 1);
    return [404, { message: `bench fake discord: no route for ${method} ${path}`, code: 0 }];
  }

  #callback(id: string, token: string, body: any, withResponse: boolean): [number, unknown] {
    const tracked = this.#byToken.get(token);
    if (!tracked || tracked.id !== id) return [404, { message: 'Unknown interaction', code: 10062 }];
    const ms = performance.now() - tracked.sentAt;
    if (tracked.acked) {
      this.counts.doubleAcks += 1;
      return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    }
    if (ms > this.deadlineMs) {
      tracked.finished = true;
      tracked.watcher.onLate(ms);
      return [404, { message: 'Unknown interaction', code: 10062 }];
    }
    tracked.acked = true;
    const type = Number(body?.type);
    tracked.firstData = body?.data ?? {};
    tracked.watcher.onFirst(ms, type);
    if (type === 5) tracked.deferred = true;
    else if (type === 4) this.#finish(tracked, ms, 'reply', body?.data);
    if (!withResponse) return [204, undefined];
    // discord.js `withResponse`: the callback answers with the interaction and the message it made.
    tracked.original ??= this.#message(tracked, tracked.firstData);
    const message = type === 4 || type === 5 ? { message: tracked.original } : {};
    return [200, { interaction: { id: tracked.id, type: 2 }, resource: { type, ...message } }];
  }

  #webhook(method: string, token: string, target: string | undefined, body: any): [number, unknown] {
    const tracked = this.#byToken.get(token);
    if (!tracked?.acked) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (method === 'POST' && !target) {
      // After a deferral, the first follow-up replaces the "thinking…" message: that is the answer.
      if (tracked.deferred && !this.isPartial(body))
        this.#finish(tracked, performance.now() - tracked.sentAt, 'defer+followup', body);
      return [200, this.#message(tracked, body ?? {})];
    }
    if (target !== '@original') return [404, { message: 'Unknown Message', code: 10008 }];
    tracked.original ??= this.#message(tracked, tracked.firstData ?? {});
    if (method === 'PATCH') {
      if (this.isPartial(body)) this.counts.partialEdits += 1;
      else if (tracked.deferred)
        this.#finish(tracked, performance.now() - tracked.sentAt, 'defer+edit', body);
      for (const key of ['content', 'embeds', 'components'] as const)
        if (body && key in body) tracked.original[key] = body[key];
      return [200, tracked.original];
    }
    if (method === 'GET') return [200, tracked.original];
    if (method === 'DELETE') return [204, undefined];
    return [404, { message: 'Unknown Message', code: 10008 }];
  }

  #finish(tracked: Tracked, ms: number, style: ReplyStyle, body: any): void {
    if (tracked.finished) return;
    tracked.finished = true;
    tracked.watcher.onFinal(ms, style, body);
  }

  #message(tracked: Tracked, data: any): any {
    return messageObject({
      channelId: tracked.channelId,
      author: USERS.bot,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      flags: data.flags ?? 0,
      interactionId: tracked.id,
    });
  }
}
