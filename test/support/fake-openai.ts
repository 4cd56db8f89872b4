import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible API on 127.0.0.1 (random port) for tests: `POST /v1/chat/completions`
 * (plain JSON, or SSE chunks when `stream: true`) and `POST /v1/embeddings` (float arrays, or base64
 * when `encoding_format: "base64"`, as the openai SDK asks by default). Every request is recorded;
 * each endpoint answers from a queue of scripted behaviours, then from its default.
 *
 * The small HTTP plumbing here is shared with the fake Ollama server (`fake-ollama.ts`).
 */

/** One request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  raw: string;
}

/** What an endpoint does with one request. */
export type FakeBehaviour =
  /**
   * Chat: answer with this text (streamed in `chunks` when given, else word by word). With `stallAfter`,
   * a stream sends that many chunks and then goes silent without ending.
   */
  | { kind: 'reply'; text: string; chunks?: string[]; stallAfter?: number }
  /** Embeddings: answer with deterministic vectors (the default). */
  | { kind: 'vectors' }
  /** Never answer (the connection stays open until the server closes). */
  | { kind: 'hang' }
  /** Wait, then behave as `then`. */
  | { kind: 'delay'; ms: number; then: FakeBehaviour }
  /** An HTTP error status with an API-style JSON error body. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /** 200 with a body that is not what the API promises (broken JSON, or broken SSE when streaming). */
  | { kind: 'malformed' };

export type Handler = (request: RecordedRequest, response: ServerResponse) => Promise<void> | void;

/** A started fake server: where it listens, what it received, and how to stop it. */
export interface FakeHttpServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a recording HTTP server on 127.0.0.1 with a random port; `route` answers each request. */
export async function startRecordingServer(route: Handler): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
        headers: req.headers,
        body,
        raw,
      };
      requests.push(recorded);
      Promise.resolve(route(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deterministic unit vector for a text, so equal texts embed equally and tests can compare. */
export function fakeVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let counter = 0;
  while (values.length < dimensions) {
    const digest = createHash('sha256').update(`${counter++}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2) {
      values.push(digest.readUInt16BE(i) / 65535 - 0.5);
    }
  }
  const norm = Math.sqrt(values.reduce((sum, x) => sum + x * x, 0)) || 1;
  return values.map((x) => x / norm);
}

/** Splits a reply into word-sized stream chunks, keeping the spaces. */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A queue of scripted behaviours per endpoint, falling back to a default. */
export class BehaviourQueue {
  private readonly queued = new Map<string, FakeBehaviour[]>();

  push(endpoint: string, behaviours: FakeBehaviour[]): void {
    this.queued.set(endpoint, [...(this.queued.get(endpoint) ?? []), ...behaviours]);
  }

  next(endpoint: string, fallback: FakeBehaviour): FakeBehaviour {
    return this.queued.get(endpoint)?.shift() ?? fallback;
  }
}

export interface FakeOpenAIOptions {
  /** Default chat reply. */
  reply?: string;
  /** Length of fake embedding vectors. */
  dimensions?: number;
}

export interface FakeOpenAIServer extends FakeHttpServer {
  /** Base URL to put in OPENAI_BASE_URL (ends in /v1). */
  readonly baseURL: string;
  /** Scripts the next requests to an endpoint, in order; afterwards the default applies. */
  enqueue(endpoint: 'chat' | 'embeddings', ...behaviours: FakeBehaviour[]): void;
  /** Changes the default chat reply. */
  setReply(text: string): void;
  /** Recorded requests to one endpoint. */
  requestsTo(endpoint: 'chat' | 'embeddings'): RecordedRequest[];
}

const OPENAI_PATHS = { chat: '/v1/chat/completions', embeddings: '/v1/embeddings' } as const;

/** Starts the fake OpenAI-compatible server. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const queue = new BehaviourQueue();
  let reply = options.reply ?? 'Front-desk staff greet patients and schedule visits [1].';
  const dimensions = options.dimensions ?? 8;

  const respond = async (
    request: RecordedRequest,
    response: ServerResponse,
    behaviour: FakeBehaviour,
  ): Promise<void> => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    switch (behaviour.kind) {
      case 'hang':
        return;
      case 'delay':
        await delay(behaviour.ms);
        return respond(request, response, behaviour.then);
      case 'status':
        sendJson(
          response,
          behaviour.status,
          {
            error: {
              message: behaviour.message ?? `fake error ${behaviour.status}`,
              type: 'fake_error',
              code: null,
            },
          },
          behaviour.headers,
        );
        return;
      case 'malformed':
        if (body.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.end('data: {"id":"broken","choices":[{"delta":{"content":"Hel\n\n');
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"id": "broken", "choices": [');
        }
        return;
      case 'vectors': {
        const input = body.input;
        const texts = Array.isArray(input) ? input.map(String) : [String(input)];
        const base64 = body.encoding_format === 'base64';
        sendJson(response, 200, {
          object: 'list',
          model: body.model,
          data: texts.map((text, index) => {
            const vector = fakeVector(text, dimensions);
            return {
              object: 'embedding',
              index,
              embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
            };
          }),
          usage: { prompt_tokens: texts.length, total_tokens: texts.length },
        });
        return;
      }
      case 'reply': {
        const base = { id: 'chatcmpl-fake', created: 1_700_000_000, model: String(body.model ?? 'fake') };
        if (body.stream !== true) {
          sendJson(response, 200, {
            ...base,
            object: 'chat.completion',
            choices: [
              { index: 0, message: { role: 'assistant', content: behaviour.text }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          });
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunk = (delta: Record<string, unknown>, finish: string | null) =>
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        response.write(chunk({ role: 'assistant', content: '' }, null));
        const pieces = behaviour.chunks ?? splitIntoChunks(behaviour.text);
        for (const piece of pieces.slice(0, behaviour.stallAfter ?? pieces.length)) {
          response.write(chunk({ content: piece }, null));
        }
        if (behaviour.stallAfter !== undefined) return;
        response.write(chunk({}, 'stop'));
        response.end('data: [DONE]\n\n');
        return;
      }
    }
  };

  const server = await startRecordingServer(async (request, response) => {
    if (request.method === 'POST' && request.path === OPENAI_PATHS.chat) {
      return respond(request, response, queue.next('chat', { kind: 'reply', text: reply }));
    }
    if (request.method === 'POST' && request.path === OPENAI_PATHS.embeddings) {
      return respond(request, response, queue.next('embeddings', { kind: 'vectors' }));
    }
    sendJson(response, 404, { error: { message: `no route ${request.method} ${request.path}` } });
  });

  return {
    ...server,
    baseURL: `${server.url}/v1`,
    enqueue: (endpoint, ...behaviours) => queue.push(endpoint, behaviours),
    setReply: (text) => {
      reply = text;
    },
    requestsTo: (endpoint) => server.requests.filter((r) => r.path === OPENAI_PATHS[endpoint]),
  };
}
