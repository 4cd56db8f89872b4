/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and log lines are arbitrary JSON, asserted field by field */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { FAKE_TOKEN, IDS, nextId } from '../support/fake-discord/ids.js';
import {
  button,
  MODERATOR_PERMISSIONS,
  slashCommand,
  user,
  USERS,
  userMessage,
  type FakeUser,
} from '../support/fake-discord/payloads.js';
import { FakeDiscord } from '../support/fake-discord/server.js';
import { TINY_CORPUS } from '../ingest/helpers.js';
import { sharedEmbeddings } from './guide-fixture.js';
import { tempDir } from './harness.js';

/**
 * `npm run start:sharded` as a process: src/shard-manager.ts runs two shard processes (src/main.ts)
 * against a fake Discord that splits two guilds between two shards as Discord does, both on one
 * SQLite database.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
const MANAGER = join(ROOT, 'src', 'shard-manager.ts');

const tmp = tempDir('guidebot-shards-');
const indexDir = join(tmp.dir, 'index');
const databasePath = join(tmp.dir, 'data', 'guidebot.sqlite');

let fake: FakeDiscord;
let manager: ChildProcess;
let exited: Promise<{ code: number | null; at: number }>;
const logLines: any[] = [];
let stderr = '';

/** The JSON log lines (pino) of the manager and both shards, which share its stderr. */
function logged(predicate: (line: any) => boolean): any[] {
  return logLines.filter(predicate);
}

async function waitForLog(predicate: (line: any) => boolean, timeoutMs = 20_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [line] = logged(predicate);
    if (line) return line;
    if (Date.now() > until) throw new Error(`no such log line after ${timeoutMs} ms; stderr:\n${stderr}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function member(): FakeUser {
  return user(nextId(), 'member');
}

const answerIdOf = (body: any): number =>
  Number(
    (body.components?.[0]?.components ?? [])
      .map((c: any) => c.custom_id as string)
      .find((id: string) => id?.startsWith('gb:pin:'))
      ?.split(':')[2],
  );

/**
 * Processes of this test still alive (by the database path in their environment): the manager, the
 * shards and anything they started. A zombie has exited (only its parent has not reaped it yet).
 */
function liveProcessesOfThisTest(): { pid: number; command: string }[] {
  const marker = `DATABASE_PATH=${databasePath}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(marker)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'Z' || state === 'X') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

beforeAll(async () => {
  await ingestCorpus({
    corpusDir: TINY_CORPUS,
    indexDir,
    embeddings: sharedEmbeddings,
    chunkSize: 900,
    chunkOverlap: 100,
  });
  fake = await FakeDiscord.start({ shards: 2 });
  expect(fake.shardOf(IDS.guild)).toBe(0);
  expect(fake.shardOf(IDS.secondGuild)).toBe(1);

  // An empty working folder, so no .env is read; exactly this environment.
  manager = spawn(process.execPath, ['--import', TSX_LOADER, MANAGER], {
    cwd: tmp.dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      SHARD_COUNT: '2',
      INDEX_DIR: indexDir,
      CORPUS_DIR: TINY_CORPUS,
      DATABASE_PATH: databasePath,
      EMBEDDINGS_WORKERS: '0',
      COOLDOWN_SECONDS: '0',
      // One community over both servers: every server's pins answer in every server (the default keeps
      // them per server; test/app/ask-service.test.ts covers both).
      TEACHING_SCOPE: 'all',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let partial = '';
  manager.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logLines.push(JSON.parse(line));
      } catch {
        // not a log line (a start-up message)
      }
    }
  });
  exited = new Promise((done) => manager.on('exit', (code) => done({ code, at: Date.now() })));
});

afterAll(async () => {
  if (manager?.exitCode === null && manager.signalCode === null) manager.kill('SIGKILL');
  for (const { pid } of liveProcessesOfThisTest()) process.kill(pid, 'SIGKILL');
  if (process.env.SHARD_TEST_LOG) writeFileSync(process.env.SHARD_TEST_LOG, stderr);
  await fake?.close();
  tmp.remove();
});

describe('npm run start:sharded (src/shard-manager.ts) with SHARD_COUNT=2', () => {
  it('starts one process per shard; each identifies as [id, 2] and gets only its own guild', async () => {
    await fake.waitForShards([0, 1], 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nstderr:\n${stderr}`);
    });
    await waitForLog((l) => l.msg === 'all shards ready', 30_000);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      expect(logged((l) => l.msg === 'shard ready' && l.shard === shard)).toHaveLength(1);
      // The shard's own log lines carry its id; each sees one guild.
      expect(logged((l) => l.msg === 'bot is ready' && l.shard === shard)[0]).toMatchObject({ guilds: 1 });
    }
    // With EMBEDDINGS_WORKERS=0 the encoder shares a shard's event loop: a question asked while the shard
    // still embeds the guide's sentences (warm-up) can miss Discord's 3 s, so the test waits for it.
    for (const shard of [0, 1])
      await waitForLog((l) => l.msg === 'answer sentences embedded ahead of time' && l.shard === shard);
    const pids = logged((l) => l.msg === 'shard process started').map((l) => l.shardPid as number);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(manager.pid);
  });

  it("routes /ask in each guild to the shard that owns it, and that shard's process answers", async () => {
    const inFirst = fake.sendInteraction(
      slashCommand('ask', { question: 'How much honey does a hive produce?' }, { user: member() }),
    );
    const inSecond = fake.sendInteraction(
      slashCommand(
        'ask',
        { question: 'Can I keep bees in a city?' },
        { user: member(), channelId: IDS.secondChannel },
      ),
    );
    expect(fake.dispatches.find((d) => d.id === inFirst.id)?.shards).toEqual([0]);
    expect(fake.dispatches.find((d) => d.id === inSecond.id)?.shards).toEqual([1]);

    const [first, second] = await Promise.all([fake.waitForAnswer(inFirst), fake.waitForAnswer(inSecond)]);
    expect(first.body.embeds[0].description).toMatch(/30 to 60 pounds/);
    expect(second.body.embeds[0].description).toMatch(/register your hives/);
    // Answer ids come from the one shared database; the log says which process answered which.
    const answeredBy = async (answerId: number) =>
      (await waitForLog((l) => l.msg === 'answered a question' && l.answerId === answerId)).shard;
    expect(await answeredBy(answerIdOf(first.body))).toBe(0);
    expect(await answeredBy(answerIdOf(second.body))).toBe(1);
  });

  it("reuses a moderator's pin made through shard 1 in a DM answered by shard 0 (one SQLite file, WAL)", async () => {
    const question = 'Can I keep bees in a city?';
    const asked = fake.sendInteraction(
      slashCommand('ask', { question }, { user: member(), channelId: IDS.secondChannel }),
    );
    const answer = await fake.waitForAnswer(asked);
    const press = fake.sendInteraction(
      button(`gb:pin:${answerIdOf(answer.body)}`, fake.originalOf(asked.id)!, {
        user: USERS.moderator,
        permissions: MODERATOR_PERMISSIONS,
      }),
    );
    expect(fake.dispatches.find((d) => d.id === press.id)?.shards).toEqual([1]);
    const pinned = await waitForLog((l) => l.msg === 'answer pinned');
    expect(pinned.shard).toBe(1);
    await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path.includes(`/${press.token}/`) && /^Pinned/.test(r.body?.content),
    );

    // DMs are shard 0's: a process that did not write the pin reads it from the shared file.
    const dm = fake.sendMessage(userMessage(question, { dm: true, author: member() }));
    expect(fake.dispatches.find((d) => d.id === dm.id)?.shards).toEqual([0]);
    const reply = await fake.waitFor(
      (r) => r.method === 'POST' && r.body?.message_reference?.message_id === dm.id,
    );
    expect(reply.body.embeds[0].title).toMatch(/^📌 /);
    const fromPin = await waitForLog((l) => l.msg === 'answering from a pin' && l.pinId === pinned.pinId);
    expect(fromPin.shard).toBe(0);
  });

  it("reuses a moderator's pin made through shard 0 for a question answered by shard 1 (TEACHING_SCOPE=all)", async () => {
    const question = 'How much honey does a hive produce?';
    const asked = fake.sendInteraction(slashCommand('ask', { question }, { user: member() }));
    const answer = await fake.waitForAnswer(asked);
    const press = fake.sendInteraction(
      button(`gb:pin:${answerIdOf(answer.body)}`, fake.originalOf(asked.id)!, {
        user: USERS.moderator,
        permissions: MODERATOR_PERMISSIONS,
      }),
    );
    expect(fake.dispatches.find((d) => d.id === press.id)?.shards).toEqual([0]);
    const pinned = await waitForLog((l) => l.msg === 'answer pinned' && l.shard === 0);

    const elsewhere = fake.sendInteraction(
      slashCommand('ask', { question }, { user: member(), channelId: IDS.secondChannel }),
    );
    expect(fake.dispatches.find((d) => d.id === elsewhere.id)?.shards).toEqual([1]);
    expect((await fake.waitForAnswer(elsewhere)).body.embeds[0].title).toMatch(/^📌 /);
    const fromPin = await waitForLog((l) => l.msg === 'answering from a pin' && l.pinId === pinned.pinId);
    expect(fromPin.shard).toBe(1);
  });

  it('on SIGTERM forwards it to every shard, which log out; the manager exits 0 within 10 s, no orphans', async () => {
    const pids = logged((l) => l.msg === 'shard process started').map((l) => l.shardPid as number);
    const before = liveProcessesOfThisTest().map((p) => p.pid);
    expect(before).toEqual(expect.arrayContaining([manager.pid, ...pids]));
    const sentAt = Date.now();
    manager.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(10_000);
    for (const shard of [0, 1]) {
      expect(logged((l) => l.msg === 'bot logged out' && l.shard === shard)).toHaveLength(1);
      expect(logged((l) => l.msg === 'shard process exited' && l.shard === shard)[0]).toMatchObject({
        code: 0,
      });
    }
    expect(logged((l) => l.msg === 'all shards exited')[0]).toMatchObject({ exitCode: 0 });
    expect(liveProcessesOfThisTest()).toEqual([]);
    expect(stderr).not.toContain(FAKE_TOKEN);
  });
});
