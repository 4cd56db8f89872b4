import type { ServerResponse } from 'node:http';
import {
  BehaviourQueue,
  delay,
  fakeVector,
  sendJson,
  splitIntoChunks,
  startRecordingServer,
  type FakeBehaviour,
  type FakeHttpServer,
  type RecordedRequest,
} from './fake-openai.js';

/**
 * A fake Ollama server on 127.0.0.1 (random port) for tests. It answers what `@langchain/ollama` 1.3
 * (through the `ollama` 0.6 client) calls: `POST /api/chat` (NDJSON stream when `stream: true`, which
 * ChatOllama always sends), `POST /api/embed` (`{ input: string[] }` -> `{ embeddings }`, what
 * OllamaEmbeddings calls), the legacy `POST /api/embeddings` (`{ prompt }` -> `{ embedding }`), and
 * `GET /api/tags`. Errors use Ollama's `{ "error": "..." }` body. Every request is recorded.
 */

export interface FakeOllamaServer extends FakeHttpServer {
  /** Scripts the next requests to an endpoint, in order; afterwards the default applies. */
  enqueue(endpoint: 'chat' | 'embed', ...behaviours: FakeBehaviour[]): void;
  setReply(text: string): void;
  requestsTo(endpoint: 'chat' | 'embed' | 'embeddings'): RecordedRequest[];
}

const OLLAMA_PATHS = { chat: '/api/chat', embed: '/api/embed', embeddings: '/api/embeddings' } as const;

export async function startFakeOllama(
  options: { reply?: string; dimensions?: number } = {},
): Promise<FakeOllamaServer> {
  const queue = new BehaviourQueue();
  let reply = options.reply ?? 'Front-desk staff greet patients and schedule visits [1].';
  const dimensions = options.dimensions ?? 6;

  const respond = async (
    request: RecordedRequest,
    response: ServerResponse,
    behaviour: FakeBehaviour,
  ): Promise<void> => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const model = String(body.model ?? 'fake');
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
          { error: behaviour.message ?? `fake error ${behaviour.status}` },
          behaviour.headers,
        );
        return;
      case 'malformed':
        response.writeHead(200, {
          'content-type': body.stream === true ? 'application/x-ndjson' : 'application/json',
        });
        response.end('{"model": "broken", "message": {"content": "Hel\n');
        return;
      case 'vectors': {
        if (request.path === OLLAMA_PATHS.embeddings) {
          sendJson(response, 200, { embedding: fakeVector(String(body.prompt), dimensions) });
          return;
        }
        const input = body.input;
        const texts = Array.isArray(input) ? input.map(String) : [String(input)];
        sendJson(response, 200, { model, embeddings: texts.map((text) => fakeVector(text, dimensions)) });
        return;
      }
      case 'reply': {
        const createdAt = new Date(0).toISOString();
        const done = {
          model,
          created_at: createdAt,
          message: { role: 'assistant', content: '' },
          done: true,
          done_reason: 'stop',
          total_duration: 1,
          prompt_eval_count: 10,
          eval_count: 10,
        };
        if (body.stream !== true) {
          sendJson(response, 200, { ...done, message: { role: 'assistant', content: behaviour.text } });
          return;
        }
        response.writeHead(200, { 'content-type': 'application/x-ndjson' });
        const pieces = behaviour.chunks ?? splitIntoChunks(behaviour.text);
        for (const piece of pieces.slice(0, behaviour.stallAfter ?? pieces.length)) {
          response.write(
            `${JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: piece }, done: false })}\n`,
          );
        }
        if (behaviour.stallAfter !== undefined) return;
        response.end(`${JSON.stringify(done)}\n`);
        return;
      }
    }
  };

  const server = await startRecordingServer(async (request, response) => {
    if (request.method === 'POST' && request.path === OLLAMA_PATHS.chat) {
      return respond(request, response, queue.next('chat', { kind: 'reply', text: reply }));
    }
    if (
      request.method === 'POST' &&
      (request.path === OLLAMA_PATHS.embed || request.path === OLLAMA_PATHS.embeddings)
    ) {
      return respond(request, response, queue.next('embed', { kind: 'vectors' }));
    }
    if (request.method === 'GET' && request.path === '/api/tags') {
      sendJson(response, 200, { models: [] });
      return;
    }
    sendJson(response, 404, { error: `no route ${request.method} ${request.path}` });
  });

  return {
    ...server,
    enqueue: (endpoint, ...behaviours) => queue.push(endpoint, behaviours),
    setReply: (text) => {
      reply = text;
    },
    requestsTo: (endpoint) => server.requests.filter((r) => r.path === OLLAMA_PATHS[endpoint]),
  };
}
