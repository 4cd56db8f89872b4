/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary Discord JSON, asserted field by field */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_TOKEN, guildOfChannel, IDS, nextId, shardOfGuild } from './ids.js';
import { guildCreate, messageObject, USERS, type FakeMessage, type InteractionPayload } from './payloads.js';

/** One HTTP request the fake received, with its parsed JSON body and the answer it gave. */
export interface LoggedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  body: any;
  authorized: boolean;
  /** The query string without "?" (e.g. "with_response=true"). */
  query?: string;
  at: number;
  status: number;
  /** For interaction callbacks: ms since the interaction was dispatched. */
  sinceDispatchMs?: number;
}

/** A scripted failure for the next request(s) matching `method` and `path`. */
export interface Failure {
  method: string;
  path: RegExp;
  /** HTTP status and Discord error code to answer with, or `hang` to never answer (a timeout). */
  /**
   * A status to answer with (and headers, e.g. Retry-After); `hang` never answers; `drop` carries the
   * request out (an interaction is acknowledged, say) and then never answers, as when Discord accepted
   * it but the response was lost.
   */
  respond:
    { status: number; code?: number; message?: string; headers?: Record<string, string> } | 'hang' | 'drop';
  times?: number;
}

/** One gateway dispatch: its event, its guild (null for DMs) and the shard ids of the connections it went to. */
export interface LoggedDispatch {
  event: string;
  guildId: string | null;
  /** The `id` of the dispatched object (interaction or message id). */
  id?: string;
  shards: number[];
  at: number;
}

/** A gateway connection that identified, with the `shard: [id, total]` it sent. */
export interface LoggedIdentify {
  shard: [number, number];
  at: number;
}

export interface FakeDiscordOptions {
  /** ms for the first interaction response (Discord: 3 s). */
  deadlineMs?: number;
  /** `shards` in `GET /gateway/bot` (Discord's recommended count); 1 by default. */
  shards?: number;
  /** The bot's guilds; `[IDS.guild]` by default, `[IDS.guild, IDS.secondGuild]` with 2 or more shards. */
  guilds?: string[];
}

interface InteractionState {
  payload: InteractionPayload;
  dispatchedAt: number;
  acked: boolean;
  ephemeral: boolean;
  originalId?: string;
}

/**
 * A small Discord (REST + gateway) on 127.0.0.1 that the bot's real discord.js client connects to.
 * It follows the facts in DISCORD-FAKE.md: HELLO/IDENTIFY/READY/GUILD_CREATE, heartbeat ACKs, the
 * 3-second deadline for the first interaction response (10062) and a single acknowledgement (40060).
 * It logs every request and can fail requests on demand.
 */
export class FakeDiscord {
  readonly requests: LoggedRequest[] = [];
  /** Messages by id (sent by members, by the bot, and interaction responses). */
  readonly messages = new Map<string, FakeMessage>();
  /** Pinned message ids per channel. */
  readonly pins = new Map<string, Set<string>>();
  /** Gateway connections that completed IDENTIFY. */
  identified = 0;
  /** Every IDENTIFY accepted, with its shard. */
  readonly identifies: LoggedIdentify[] = [];
  /** Every gateway dispatch and the shards it was routed to. */
  readonly dispatches: LoggedDispatch[] = [];
  /** Discord's limit; the fake refuses with 30003 beyond it. */
  maxPins = 50;
  /** Answer RESUME (op 6) with RESUMED, as Discord does; off: an invalid session makes the client identify again. */
  acceptResume = false;

  readonly #interactions = new Map<string, InteractionState>();
  readonly #sockets = new Set<WebSocket>();
  readonly #seq = new WeakMap<WebSocket, number>();
  /** `[shard_id, num_shards]` of each identified connection. */
  readonly #shardOf = new WeakMap<WebSocket, [number, number]>();
  readonly #failures: Failure[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #hanging = new Set<ServerResponse>();
  #server!: Server;
  #wss!: WebSocketServer;
  #port = 0;

  private constructor(
    readonly deadlineMs: number,
    /** The recommended shard count the fake announces. */
    readonly shards: number,
    /** The bot's guilds; each connection gets those of its shard. */
    readonly guilds: readonly string[],
  ) {}

  /**
   * Starts the fake on a free port of 127.0.0.1. Guilds are split between shards as Discord does:
   * guild `g` goes to the connection that identified with `shard: [(g >> 22) % total, total]`, DMs to shard 0.
   */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const shards = options.shards ?? 1;
    const guilds = options.guilds ?? (shards > 1 ? [IDS.guild, IDS.secondGuild] : [IDS.guild]);
    const fake = new FakeDiscord(options.deadlineMs ?? 3000, shards, guilds);
    await fake.#listen();
    return fake;
  }

  /** For the client's `rest.api` (and `DISCORD_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get connectedClients(): number {
    return this.#sockets.size;
  }

  /** `[shard_id, num_shards]` of each gateway connection open now. */
  get connectedShards(): Array<[number, number]> {
    return [...this.#sockets].map((socket) => this.#shardOf.get(socket) ?? [0, 1]);
  }

  /** The shard that owns a guild for connections that identified with `total` shards (default: the fake's count). */
  shardOf(guildId: string | null, total = this.shards): number {
    return shardOfGuild(guildId, total);
  }

  /** Makes the next matching request(s) fail. */
  fail(failure: Failure): void {
    this.#failures.push({ times: 1, ...failure });
  }

  /** Resolves with the first logged request (past or future) that matches; rejects after `timeoutMs`. */
  waitFor(
    predicate: (request: LoggedRequest) => boolean,
    timeoutMs = 15_000,
    from = 0,
  ): Promise<LoggedRequest> {
    return this.#waitUntil(
      () => this.requests.slice(from).find(predicate),
      timeoutMs,
      'a request matching the predicate',
    );
  }

  /** Waits for the next request after now that matches. */
  waitForNext(predicate: (request: LoggedRequest) => boolean, timeoutMs = 15_000): Promise<LoggedRequest> {
    return this.waitFor(predicate, timeoutMs, this.requests.length);
  }

  /** Requests matching a method and path pattern, in order. */
  find(method: string, path: RegExp): LoggedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Dispatches INTERACTION_CREATE and starts its 3-second clock. */
  sendInteraction(payload: InteractionPayload): InteractionPayload {
    this.#interactions.set(payload.id, { payload, dispatchedAt: Date.now(), acked: false, ephemeral: false });
    this.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  /** Dispatches MESSAGE_CREATE (and remembers the message, so it can be fetched and pinned). */
  sendMessage(message: FakeMessage): FakeMessage {
    this.messages.set(message.id, message);
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /**
   * Waits for the bot's final answer to an interaction, however it came: in the first response (type 4)
   * or as an edit of `@original` after a deferral. `isFinal` skips interim edits (streamed partials).
   */
  async waitForAnswer(
    interaction: { id: string; token: string },
    isFinal: (body: any) => boolean = () => true,
  ): Promise<{ via: 'reply' | 'edit'; body: any; at: number; request: LoggedRequest }> {
    const request = await this.waitFor(
      (r) =>
        r.status >= 200 &&
        r.status < 300 &&
        ((r.method === 'POST' &&
          r.path.startsWith(`/interactions/${interaction.id}/`) &&
          r.body?.type === 4) ||
          (r.method === 'PATCH' &&
            r.path.includes(`/${interaction.token}/messages/@original`) &&
            isFinal(r.body))),
    );
    const via = request.method === 'POST' ? 'reply' : 'edit';
    return { via, body: via === 'reply' ? request.body.data : request.body, at: request.at, request };
  }

  /** The message that carries an interaction's response (`@original`), once it exists. */
  originalOf(interactionId: string): FakeMessage | undefined {
    const id = this.#interactions.get(interactionId)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  /**
   * Sends a gateway dispatch to every identified connection whose shard owns the event's guild
   * (`guild_id`; without one, a DM, shard 0). With one shard, that is every connection.
   */
  dispatch(event: string, data: unknown): void {
    const payload = data as { guild_id?: string | null; id?: unknown } | null;
    const guildId = payload?.guild_id ?? null;
    const shards: number[] = [];
    for (const socket of this.#sockets) {
      const [id, total] = this.#shardOf.get(socket) ?? [0, 1];
      if (shardOfGuild(guildId, total) !== id) continue;
      shards.push(id);
      this.#send(socket, event, data);
    }
    this.dispatches.push({
      event,
      guildId,
      ...(typeof payload?.id === 'string' ? { id: payload.id } : {}),
      shards,
      at: Date.now(),
    });
  }

  /** Closes every gateway connection with `code` (4000, "unknown error", lets the client reconnect and resume). */
  dropConnections(code = 4000): void {
    for (const socket of this.#sockets) socket.close(code, 'fake discord: connection dropped');
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    for (const socket of this.#sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- internals ---

  async #listen(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#handleHttp(req, res);
    });
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
        const shard = (packet.d?.shard as unknown) ?? [0, 1];
        if (!isShard(shard)) return ws.close(4010, 'Invalid shard');
        const [id, total] = shard;
        this.#sockets.add(ws);
        this.#shardOf.set(ws, [id, total]);
        this.identified += 1;
        this.identifies.push({ shard: [id, total], at: Date.now() });
        const guilds = this.guilds.filter((guildId) => shardOfGuild(guildId, total) === id);
        this.#send(ws, 'READY', {
          v: 10,
          user: { ...USERS.bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: guilds.map((guildId) => ({ id: guildId, unavailable: true })),
          session_id: `session-${nextId()}`,
          resume_gateway_url: `ws://127.0.0.1:${this.#port}/gateway`,
          application: { id: IDS.application, flags: 0 },
          private_channels: [],
          shard: [id, total],
        });
        for (const guildId of guilds) this.#send(ws, 'GUILD_CREATE', guildCreate(guildId));
        this.#notify();
      } else if (packet.op === 6) {
        const token = String(packet.d?.token ?? '').replace(/^Bot /, '');
        if (this.acceptResume && token === FAKE_TOKEN) {
          this.#sockets.add(ws);
          this.#send(ws, 'RESUMED', {});
          this.#notify();
        } else {
          // No resume: tell the client to identify afresh.
          ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
        }
      }
    });
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#notify();
    });
  }

  #send(ws: WebSocket, event: string, data: unknown): void {
    const s = (this.#seq.get(ws) ?? 0) + 1;
    this.#seq.set(ws, s);
    ws.send(JSON.stringify({ op: 0, t: event, s, d: data }));
  }

  async #handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const rawPath = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
    const path = rawPath.replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      method,
      path,
      body,
      authorized: Boolean(req.headers.authorization),
      query: (req.url ?? '').split('?')[1] ?? '',
      at: Date.now(),
      status: 0,
    };
    this.requests.push(entry);

    const failure = this.#failures.find((f) => f.method === method && f.path.test(path));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.#failures.splice(this.#failures.indexOf(failure), 1);
      if (failure.respond === 'hang' || failure.respond === 'drop') {
        if (failure.respond === 'drop') this.#route(method, path, body, entry);
        entry.status = -1;
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        this.#notify();
        return;
      }
      const { status, code = 0, message = 'fake failure', headers } = failure.respond;
      return this.#json(res, entry, status, { message, code }, headers);
    }
    const [status, payload] = this.#route(method, path, body, entry);
    this.#json(res, entry, status, payload);
  }

  #json(
    res: ServerResponse,
    entry: LoggedRequest,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ): void {
    entry.status = status;
    if (status === 204) res.writeHead(204, headers).end();
    else
      res
        .writeHead(status, { 'Content-Type': 'application/json', ...headers })
        .end(JSON.stringify(payload ?? {}));
    this.#notify();
  }

  #route(method: string, path: string, body: any, entry: LoggedRequest): [number, unknown] {
    let m: RegExpExecArray | null;
    const authorizedBot = entry.authorized;
    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.#port}/gateway`,
          shards: this.shards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const state = this.#interactions.get(m[1] as string);
      if (!state || state.payload.token !== m[2])
        return [404, { message: 'Unknown interaction', code: 10062 }];
      const elapsed = Date.now() - state.dispatchedAt;
      entry.sinceDispatchMs = elapsed;
      if (state.acked) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
      if (elapsed > this.deadlineMs) return [404, { message: 'Unknown interaction', code: 10062 }];
      state.acked = true;
      const type = body?.type as number;
      const flags = (body?.data?.flags as number | undefined) ?? 0;
      state.ephemeral = (flags & 64) !== 0;
      let original: ReturnType<typeof messageObject> | undefined;
      if (type === 4 || type === 5) {
        original = messageObject({
          channelId: state.payload.channel_id,
          author: USERS.bot,
          content: body?.data?.content ?? '',
          embeds: body?.data?.embeds ?? [],
          components: body?.data?.components ?? [],
          flags,
          interactionId: state.payload.id,
        });
        state.originalId = original.id;
        this.messages.set(original.id, original);
      }
      // `?with_response=true` (discord.js `withResponse`): the callback answers with the message it made.
      if (/(^|&)with_response=true\b/.test(entry.query ?? ''))
        return [
          200,
          {
            interaction: { id: state.payload.id, type: state.payload.type },
            resource: { type, ...(original ? { message: original } : {}) },
          },
        ];
      return [204, undefined];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      const state = [...this.#interactions.values()].find((s) => s.payload.token === m![2]);
      if (!state || !state.acked) return [404, { message: 'Unknown Webhook', code: 10015 }];
      const target = m[3];
      if (method === 'POST' && !target) {
        const followUp = messageObject({
          channelId: state.payload.channel_id,
          author: USERS.bot,
          content: body?.content ?? '',
          embeds: body?.embeds ?? [],
          components: body?.components ?? [],
          flags: body?.flags ?? 0,
          interactionId: state.payload.id,
        });
        this.messages.set(followUp.id, followUp);
        return [200, followUp];
      }
      const id = target === '@original' ? state.originalId : target;
      const message = id ? this.messages.get(id) : undefined;
      if (!message) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'PATCH') {
        for (const key of ['content', 'embeds', 'components'] as const)
          if (body && key in body) (message as any)[key] = body[key];
        (message as any).edited_timestamp = new Date().toISOString();
        return [200, message];
      }
      if (method === 'GET') return [200, message];
    }
    if (!authorizedBot) return [401, { message: '401: Unauthorized', code: 0 }];
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const reply = messageObject({
        channelId: m[1] as string,
        guildId: guildOfChannel(m[1] as string),
        author: USERS.bot,
        content: body?.content ?? '',
        embeds: body?.embeds ?? [],
        components: body?.components ?? [],
        ...(body?.message_reference?.message_id
          ? { referenceMessageId: body.message_reference.message_id as string }
          : {}),
      });
      this.sendMessage(reply);
      return [200, reply];
    }
    if ((m = /^\/channels\/(\d+)\/typing$/.exec(path)) && method === 'POST') return [204, undefined];
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const message = this.messages.get(m[2] as string);
      return message && message.channel_id === m[1]
        ? [200, message]
        : [404, { message: 'Unknown Message', code: 10008 }];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/pins\/(\d+)$/.exec(path))) {
      const [channelId, messageId] = [m[1] as string, m[2] as string];
      const pinned = this.pins.get(channelId) ?? new Set<string>();
      this.pins.set(channelId, pinned);
      if (!this.messages.has(messageId)) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'PUT') {
        if (!pinned.has(messageId) && pinned.size >= this.maxPins)
          return [400, { message: 'Maximum number of pins reached (50)', code: 30003 }];
        pinned.add(messageId);
        return [204, undefined];
      }
      if (method === 'DELETE') {
        pinned.delete(messageId);
        return [204, undefined];
      }
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      const commands = (Array.isArray(body) ? body : []).map((command: any) => ({
        id: nextId(),
        application_id: m![1],
        ...(m![2] ? { guild_id: m![2] } : {}),
        version: nextId(),
        default_member_permissions: null,
        type: 1,
        description: '',
        ...command,
      }));
      return [200, commands];
    }
    if (method === 'GET' && path === '/applications/@me')
      return [200, { id: IDS.application, name: 'guidebot', flags: 0, bot_public: true, description: '' }];
    if (method === 'GET' && path === '/users/@me') return [200, USERS.bot];
    return [404, { message: `fake discord: no route for ${method} ${path}`, code: 0 }];
  }

  #waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `fake discord: timed out after ${timeoutMs} ms waiting for ${what}; last requests: ${this.requests
              .slice(-5)
              .map((r) => `${r.method} ${r.path} ${r.status}`)
              .join(' | ')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(attempt);
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves once connections of every shard in `shardIds` are open (e.g. `[0, 1]`). */
  waitForShards(shardIds: number[], timeoutMs = 15_000): Promise<true> {
    return this.#waitUntil(
      () => {
        const open = new Set(this.connectedShards.map(([id]) => id));
        return shardIds.every((id) => open.has(id)) ? true : undefined;
      },
      timeoutMs,
      `gateway connections of shards ${shardIds.join(', ')}`,
    );
  }

  /** Resolves once `n` clients have identified in total. */
  waitForIdentified(n: number, timeoutMs = 15_000): Promise<true> {
    return this.#waitUntil(
      () => (this.identified >= n ? true : undefined),
      timeoutMs,
      `${n} identified gateway clients`,
    );
  }
}

/** A valid `shard` of IDENTIFY: `[shard_id, num_shards]` with `0 <= shard_id < num_shards` (else Discord closes 4010). */
function isShard(value: unknown): value is [number, number] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [id, total] = value as unknown[];
  return (
    Number.isInteger(id) &&
    Number.isInteger(total) &&
    (total as number) >= 1 &&
    (id as number) >= 0 &&
    (id as number) < (total as number)
  );
}
