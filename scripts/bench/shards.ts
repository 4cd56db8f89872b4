/**
 * `npm run bench:shards [-- --questions 400 --concurrency 100 --shards 2 --corpus corpus --workers 0]`
 *
 * A burst of /ask questions through the fake Discord (test/support/fake-discord) at the bot run as real
 * processes: `--shards 2` (or more) runs src/shard-manager.ts with SHARD_COUNT, `--shards 1` runs
 * src/main.ts unsharded (today's `npm start`) for comparison. Questions alternate between the fake's two
 * guilds, so with 2 shards each shard gets half. At most `--concurrency` questions wait for an answer at
 * once. Counts the questions answered (in the first response or in an edit after a deferral), those that
 * missed Discord's 3 s for the first response (10062) and those not answered within 30 s, with latency
 * percentiles, which process answered (from the log lines), and the shutdown (SIGTERM) time. The first
 * `--concurrency` questions arrive at once (a cold burst); later ones as earlier ones are answered, and
 * repeat the guide's questions (served from the answer cache) unless `--unique`.
 *
 * A measurement, not a test: the numbers depend on the machine (cores, load), and are printed, not asserted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import { FAKE_TOKEN, IDS, nextId } from '../../test/support/fake-discord/ids.js';
import { slashCommand, user } from '../../test/support/fake-discord/payloads.js';
import { FakeDiscord, type LoggedRequest } from '../../test/support/fake-discord/server.js';

const { values: args } = parseArgs({
  options: {
    questions: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '100' },
    shards: { type: 'string', default: '2' },
    corpus: { type: 'string', default: 'corpus' },
    workers: { type: 'string', default: '0' },
    /** Make every question distinct (a numbered suffix), so none is served from the answer cache. */
    unique: { type: 'boolean', default: false },
  },
});
const QUESTIONS = Number(args.questions);
const CONCURRENCY = Number(args.concurrency);
const SHARDS = Number(args.shards);
const ROOT = resolve(import.meta.dirname, '../..');
const corpusDir = resolve(args.corpus);
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
const ENTRY = join(ROOT, 'src', SHARDS > 1 ? 'shard-manager.ts' : 'main.ts');
const say = (line: string) => process.stderr.write(`${line}\n`);

/** The guide's own questions (its `##` headings) and a paraphrase of each, asked in turn. */
function loadQuestions(): string[] {
  const headings: string[] = [];
  for (const file of ['medical-administrative-assistant-guide.md', 'beekeeping.md', 'sourdough.md']) {
    try {
      const text = readFileSync(join(corpusDir, file), 'utf8');
      for (const match of text.matchAll(/^## (.+\?)\s*$/gm)) headings.push(match[1] as string);
    } catch {
      // not this corpus's file
    }
  }
  if (headings.length === 0) throw new Error(`no "## ...?" headings in ${corpusDir}`);
  return headings.flatMap((q) => [q, `Quick question: ${q.toLowerCase()}`]);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const tmp = mkdtempSync(join(tmpdir(), 'guidebot-bench-shards-'));
const indexDir = join(tmp, 'index');
const fake = await FakeDiscord.start({ shards: Math.max(1, SHARDS), guilds: [IDS.guild, IDS.secondGuild] });
try {
  say(`ingesting ${corpusDir} ...`);
  await ingestCorpus({
    corpusDir,
    indexDir,
    embeddings: new UseLiteEmbeddings(),
    chunkSize: 900,
    chunkOverlap: 100,
  });

  const logs: Record<string, unknown>[] = [];
  const child = spawn(process.execPath, ['--import', TSX, ENTRY], {
    cwd: tmp,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      ...(SHARDS > 1 ? { SHARD_COUNT: String(SHARDS) } : {}),
      INDEX_DIR: indexDir,
      CORPUS_DIR: corpusDir,
      DATABASE_PATH: join(tmp, 'guidebot.sqlite'),
      EMBEDDINGS_WORKERS: args.workers,
      COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        say(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; at: number }>((done) =>
    child.on('exit', (code) => done({ code, at: Date.now() })),
  );
  const waitForLogs = async (what: string, count: number, timeoutMs = 180_000) => {
    const until = Date.now() + timeoutMs;
    while (logs.filter((l) => l.msg === what).length < count) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no "${what}" x${count}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const started = Date.now();
  const processes = Math.max(1, SHARDS);
  await waitForLogs('bot is ready', processes);
  const readyMs = Date.now() - started;
  await waitForLogs('answer sentences embedded ahead of time', processes);
  say(`ready in ${readyMs} ms (${processes} process(es)); warm-up done; sending ${QUESTIONS} questions`);

  // Matching answers by scanning the fake's request log once (fake.waitFor rescans it per waiter).
  type Pending = { token: string; sentAt: number; done: (outcome: Outcome) => void };
  type Outcome = { kind: 'answered' | 'deadline' | 'timeout'; ms: number; via?: 'reply' | 'edit' };
  const pendingById = new Map<string, Pending>();
  const pendingByToken = new Map<string, Pending & { id: string }>();
  let scanned = 0;
  const scan = setInterval(() => {
    const requests = fake.requests;
    for (; scanned < requests.length; scanned++) {
      const r = requests[scanned] as LoggedRequest;
      if (r.method === 'POST' && r.path.startsWith('/interactions/')) {
        const id = r.path.split('/')[2] as string;
        const p = pendingById.get(id);
        if (!p) continue;
        if (r.status === 404) p.done({ kind: 'deadline', ms: r.at - p.sentAt });
        else if (r.body?.type === 4 && r.status < 300)
          p.done({ kind: 'answered', ms: r.at - p.sentAt, via: 'reply' });
      } else if (r.method === 'PATCH' && r.path.includes('/messages/@original') && r.status === 200) {
        const token = r.path.split('/')[3] as string;
        const p = pendingByToken.get(token);
        if (p && Array.isArray(r.body?.embeds) && r.body.embeds.length > 0)
          p.done({ kind: 'answered', ms: r.at - p.sentAt, via: 'edit' });
      }
    }
  }, 5);

  const questions = loadQuestions();
  const outcomes: (Outcome & { shard: number; index: number })[] = [];
  let next = 0;
  const burstStart = Date.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= QUESTIONS) return;
      const channelId = i % 2 === 0 ? IDS.channel : IDS.secondChannel;
      const payload = slashCommand(
        'ask',
        {
          question: `${questions[i % questions.length] as string}${args.unique ? ` (question ${i + 1})` : ''}`,
        },
        { user: user(nextId(), `member${i}`), channelId },
      );
      const outcome = await new Promise<Outcome>((done) => {
        const sentAt = Date.now();
        let settled = false;
        const finish = (o: Outcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          pendingById.delete(payload.id);
          pendingByToken.delete(payload.token);
          done(o);
        };
        const timer = setTimeout(() => finish({ kind: 'timeout', ms: 30_000 }), 30_000);
        const pending = { token: payload.token, sentAt, done: finish };
        pendingById.set(payload.id, pending);
        pendingByToken.set(payload.token, { ...pending, id: payload.id });
        fake.sendInteraction(payload);
      });
      outcomes.push({
        ...outcome,
        index: i,
        shard: fake.shardOf(channelId === IDS.channel ? IDS.guild : IDS.secondGuild),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, QUESTIONS) }, worker));
  const burstMs = Date.now() - burstStart;
  clearInterval(scan);

  const sigtermAt = Date.now();
  child.kill('SIGTERM');
  const { code, at } = await exited;

  const answered = outcomes.filter((o) => o.kind === 'answered');
  const latencies = answered.map((o) => o.ms).sort((a, b) => a - b);
  const byProcess: Record<string, number> = {};
  for (const line of logs)
    if (line.msg === 'answered a question') {
      const key = line.shard === undefined ? 'unsharded' : `shard ${String(line.shard)}`;
      byProcess[key] = (byProcess[key] ?? 0) + 1;
    }
  const result = {
    mode: SHARDS > 1 ? `start:sharded, SHARD_COUNT=${SHARDS}` : 'npm start (one process)',
    machine: { cores: availableParallelism(), loadavg1m: Number(loadavg()[0]?.toFixed(1)) },
    embeddingsWorkers: Number(args.workers),
    corpus: args.corpus,
    questions: QUESTIONS,
    uniqueQuestions: args.unique,
    concurrency: CONCURRENCY,
    answered: answered.length,
    answeredInFirstResponse: answered.filter((o) => o.via === 'reply').length,
    answeredAfterDeferral: answered.filter((o) => o.via === 'edit').length,
    missedFirstResponseDeadline: outcomes.filter((o) => o.kind === 'deadline').length,
    missedInFirstWave: outcomes.filter((o) => o.kind === 'deadline' && o.index < CONCURRENCY).length,
    notAnsweredIn30s: outcomes.filter((o) => o.kind === 'timeout').length,
    answeredPerProcess: byProcess,
    /** The bot's own time for the first answers of each process (cold caches show here). */
    firstAnswersMs: Object.fromEntries(
      [...new Set(logs.filter((l) => l.msg === 'answered a question').map((l) => l.shard))].map((shard) => [
        shard === undefined ? 'unsharded' : `shard ${String(shard)}`,
        logs
          .filter((l) => l.msg === 'answered a question' && l.shard === shard)
          .slice(0, 5)
          .map((l) => Math.round(Number(l.ms))),
      ]),
    ),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    },
    burstSeconds: Number((burstMs / 1000).toFixed(1)),
    questionsPerSecond: Number((answered.length / (burstMs / 1000)).toFixed(1)),
    startToReadyMs: readyMs,
    shutdown: { exitCode: code, ms: at - sigtermAt },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
}
