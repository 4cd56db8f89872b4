import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ingest, writeGuideExcerpt } from '../discord/guide-fixture.js';
import { tempDir } from '../discord/harness.js';
import { FAKE_TOKEN, nextId } from '../support/fake-discord/ids.js';
import { slashCommand, user } from '../support/fake-discord/payloads.js';
import { FakeDiscord } from '../support/fake-discord/server.js';
import { exitWithin, isAlive, ROOT, startProcess, type BotProcess, type LogLine } from './bot-process.js';

/**
 * The bot as operators run it: `npm start` under a process manager, the container's CMD, health and
 * metrics over HTTP, a stderr nobody reads, start-up failures. Real processes against the fake Discord.
 */
const tmp = tempDir('guidebot-ops-');
const corpusDir = join(tmp.dir, 'corpus');
const indexDir = join(tmp.dir, 'index');
const EXIT_BUDGET_MS = 5000;
const TSX_NODE = ['--import', 'tsx', 'src/main.ts'];
/** What `npm start` and the image run: the bot compiled by scripts/build.mjs. */
const BUILT_NODE = ['dist/src/main.js'];

let fake: FakeDiscord;

beforeAll(async () => {
  writeGuideExcerpt(corpusDir);
  await ingest(corpusDir, indexDir);
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
  tmp.remove();
});

const botEnv = (extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: FAKE_TOKEN,
  DISCORD_API_URL: fake.apiUrl,
  INDEX_DIR: indexDir,
  CORPUS_DIR: corpusDir,
  DATABASE_PATH: join(tmp.dir, `db-${nextId()}.sqlite`),
  LOG_LEVEL: 'info',
  ANSWER_MODE: 'extractive',
  EMBEDDINGS_PROVIDER: 'use-lite',
  ...extra,
});

const isMsg = (text: string) => (line: LogLine) => line.msg === text;
const READY = isMsg('bot is ready');
// The sentence encoder's warm-up keeps the event loop busy for seconds after start-up; a signal is
// handled after it. Exit times are measured from a settled bot.
const WARMED_UP = isMsg('answer sentences embedded ahead of time');

async function askOverDiscord(question: string) {
  const interaction = fake.sendInteraction(
    slashCommand('ask', { question }, { user: user(nextId(), 'member') }),
  );
  // One response when the answer is ready within REPLY_BUDGET_MS, a deferral and an edit otherwise.
  return fake.waitForAnswer(
    interaction,
    (body) => body?.embeds?.[0]?.footer?.text !== 'Writing from the guide…',
  );
}

describe('npm start under a process manager (SIGTERM to npm, as docker stop and systemd send it)', () => {
  let bot: BotProcess;
  let healthUrl: string;

  beforeAll(async () => {
    bot = startProcess('npm', ['start'], { cwd: ROOT, env: botEnv({ HEALTH_PORT: '0' }) });
    const listening = await bot.waitForLog(
      (line) => typeof line.port === 'number' && /health/.test(line.msg),
    );
    healthUrl = `http://127.0.0.1:${String(listening.port)}`;
    await bot.waitForLog(READY);
    await bot.waitForLog(WARMED_UP);
  });
  afterAll(() => bot?.kill());

  it('answers /healthz, and /readyz with every check once connected with an index loaded', async () => {
    expect((await fetch(`${healthUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${healthUrl}/readyz`);
    expect(ready.status).toBe(200);
    const loaded = bot.logs().find(isMsg('index loaded'));
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { index: true, discord: true, accepting: true },
      index: { buildId: loaded?.buildId, corpusHash: loaded?.corpusHash },
    });
  });

  it('counts an answered question and names the serving index in /metrics', async () => {
    const answer = await askOverDiscord('How much do medical administrative assistants earn?');
    expect(answer.body.embeds[0].fields[0].value).toContain('salary');
    const metrics = await (await fetch(`${healthUrl}/metrics`)).text();
    expect(metrics).toContain('guidebot_questions_total 1');
    expect(metrics).toContain('guidebot_answers_total{outcome="answered"} 1');
    expect(metrics).toMatch(/guidebot_answer_seconds_count\{outcome="answered"\} 1/);
    // The corpus hash logged at start is the one /metrics shows, so machines can be compared either way.
    const loaded = bot.logs().find(isMsg('index loaded'));
    expect(loaded?.corpusHash).toMatch(/^[0-9a-f]{12}$/);
    expect(metrics).toContain(
      `guidebot_index_info{build_id="${String(loaded?.buildId)}",corpus_hash="${String(loaded?.corpusHash)}"} 1`,
    );
    expect(metrics).toContain('guidebot_shard_info{shard="0"} 1');
    expect(metrics).toContain('process_resident_memory_bytes');
  });

  it(`exits 0 within ${EXIT_BUDGET_MS} ms of a SIGTERM to the npm process, leaving no bot process behind`, async () => {
    const botPid = bot.logs()[0]?.pid as number;
    expect(botPid).not.toBe(bot.child.pid); // the bot is npm's child, not npm itself
    expect(isAlive(botPid)).toBe(true);
    const sentAt = Date.now();
    process.kill(bot.child.pid as number, 'SIGTERM');
    const exit = await exitWithin(bot, EXIT_BUDGET_MS);
    console.info(`npm start: exit ${String(exit.code)} ${exit.at - sentAt} ms after SIGTERM`);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(isAlive(botPid)).toBe(false);
    expect(bot.stderr()).toContain('bot logged out');
    expect(fake.connectedClients).toBe(0);
  });
});

describe('the container (Dockerfile), outside a container', () => {
  // Continuation lines joined, so each instruction is one line.
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const instruction = (name: string) =>
    [...dockerfile.matchAll(new RegExp(`^${name}\\s+(.+)$`, 'gm'))].map((m) => m[1] as string);
  // The runtime stage is the last FROM; its instructions are what `docker run` uses.
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const finalInstruction = (name: string) =>
    [...finalStage.matchAll(new RegExp(`^${name}\\s+(.+)$`, 'gm'))].map((m) => m[1] as string);

  it('runs as a non-root user with data/ as its volume, which is where the index and database go by default', () => {
    const workdir = finalInstruction('WORKDIR').at(-1);
    expect(finalInstruction('USER').at(-1)).toBe('node');
    expect(finalInstruction('VOLUME')).toEqual([`${workdir}/data`]);
    expect(finalInstruction('STOPSIGNAL')).toEqual(['SIGTERM']);
    const defaults = loadConfig({});
    expect(defaults.INDEX_DIR.startsWith('data/')).toBe(true);
    expect(defaults.DATABASE_PATH.startsWith('data/')).toBe(true);
    const buildStage = dockerfile.slice(0, dockerfile.length - finalStage.length);
    expect(buildStage).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(finalStage).not.toMatch(/apt-get|g\+\+/);
  });

  it('CMD is the exec form of the start command, and stops cleanly on SIGTERM with data under data/', async () => {
    const cmd = JSON.parse(finalInstruction('CMD').at(-1) as string) as string[];
    expect(cmd.slice(-BUILT_NODE.length)).toEqual(BUILT_NODE);
    const startScript = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts.start;
    // The image runs what `npm start` runs, with the start script's defaults (`${GUIDEBOT_HEAP_MB:-256}`);
    // the variables the script sets for node (`env MALLOC_ARENA_MAX=2`) are the image's ENV.
    const expanded = String(startScript).replace(/\$\{\w+:-([^}]*)\}/g, '$1');
    const assignments = [...expanded.matchAll(/\s([A-Z][A-Z0-9_]*=\S+)/g)].map((m) => m[1] as string);
    expect(assignments).toContain('MALLOC_ARENA_MAX=2');
    expect(expanded.replace(/^exec env(?: [A-Z][A-Z0-9_]*=\S+)+ /, 'exec ')).toBe(`exec ${cmd.join(' ')}`);
    // The ENV instruction with its continuation lines.
    const envBlock = finalStage.match(/^ENV\s+((?:.*\\\n)*.*)$/m)?.[1] ?? '';
    for (const assignment of assignments) expect(envBlock.split(/[\s\\]+/)).toContain(assignment);

    // WORKDIR /app laid out by the runtime stage's COPY lines (node_modules from the build stage is the
    // repository's own), so a file the bot reads at run time but the image lacks fails here too.
    const app = join(tmp.dir, 'app');
    mkdirSync(join(app, 'data'), { recursive: true });
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
    for (const copy of finalInstruction('COPY')) {
      const parts = copy.split(/\s+/);
      const dest = parts.pop() as string;
      if (parts[0]?.startsWith('--from=')) {
        expect(parts.slice(1)).toEqual(['/app/node_modules']);
        symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
        continue;
      }
      for (const source of parts) {
        expect(ignored, `${source} is in .dockerignore`).not.toContain(source.split('/')[0]);
        const target = dest.endsWith('/') ? join(app, dest, basename(source)) : join(app, dest);
        cpSync(join(ROOT, source), target, { recursive: true });
      }
    }
    // The runtime stage's build, as the image runs it (no network, no dev dependencies needed).
    const builds = finalInstruction('RUN').filter((run) => run.startsWith('node scripts/build.mjs'));
    expect(builds).toHaveLength(1);
    execFileSync('node', ['scripts/build.mjs'], { cwd: app, stdio: 'ignore' });
    // The operator's guide (a short one, to keep the test quick), then `npm run ingest` into the volume.
    rmSync(join(app, 'corpus'), { recursive: true });
    writeGuideExcerpt(join(app, 'corpus'));
    await ingest(join(app, 'corpus'), join(app, 'data', 'index'));
    const env: Record<string, string> = {};
    for (const line of envBlock.matchAll(/(\w+)=([^\s\\]*)/g)) env[line[1] as string] = line[2] as string;
    const container = startProcess(cmd[0] as string, cmd.slice(1), {
      cwd: app,
      // The image's ENV, the operator's token and API; HEALTH_PORT=0 so a busy 8080 here cannot matter.
      env: { ...env, HEALTH_PORT: '0', DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: fake.apiUrl },
    });
    try {
      const listening = await container.waitForLog((line) => typeof line.port === 'number');
      await container.waitForLog(READY);
      await container.waitForLog(WARMED_UP);
      expect(existsSync(join(app, 'data', 'guidebot.sqlite'))).toBe(true);

      // The HEALTHCHECK's command, run as Docker would, against the running bot.
      const check = JSON.parse(instruction('HEALTHCHECK')[0]!.replace(/^.*?CMD\s+/, '')) as string[];
      const probe = startProcess(check[0] as string, check.slice(1), {
        cwd: app,
        env: { HEALTH_PORT: String(listening.port) },
      });
      expect((await exitWithin(probe, 10_000)).code).toBe(0);
      const offProbe = startProcess(check[0] as string, check.slice(1), { cwd: app, env: {} });
      expect((await exitWithin(offProbe, 10_000)).code).toBe(0); // HEALTH_PORT unset: nothing to ask

      const sentAt = Date.now();
      container.child.kill('SIGTERM');
      const exit = await exitWithin(container, EXIT_BUDGET_MS);
      console.info(`container CMD: exit ${String(exit.code)} ${exit.at - sentAt} ms after SIGTERM`);
      expect(exit).toMatchObject({ code: 0, signal: null });
    } finally {
      container.kill();
    }
  }, 240_000);
});

describe('a stderr nobody reads', () => {
  it(`does not keep the bot from exiting when the reader has closed the pipe`, async () => {
    const bot = startProcess('node', TSX_NODE, {
      cwd: ROOT,
      env: botEnv(),
      stderr: 'ignore-pipe',
    });
    try {
      const identified = fake.identified;
      await fake.waitForIdentified(identified + 1, 90_000);
      // Enough time for the warm-up to finish (it logs a line into the closed pipe, too).
      bot.child.stderr?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      const sentAt = Date.now();
      bot.child.kill('SIGTERM');
      const exit = await exitWithin(bot, EXIT_BUDGET_MS);
      console.info(`closed stderr: exit ${String(exit.code)} ${exit.at - sentAt} ms after SIGTERM`);
      expect(exit).toMatchObject({ code: 0, signal: null });
    } finally {
      bot.kill();
    }
  });
});

describe('start-up failures name the setting to fix', () => {
  const startFailing = (env: Record<string, string>) =>
    startProcess('node', TSX_NODE, { cwd: ROOT, env: botEnv(env) });

  it('DISCORD_API_URL with a version at the end', async () => {
    const bot = startFailing({ DISCORD_API_URL: `${fake.apiUrl}/v10` });
    const exit = await exitWithin(bot, 90_000);
    expect(exit.code).toBe(1);
    expect(bot.stderr()).toContain(`DISCORD_API_URL (${fake.apiUrl}/v10) did not answer like Discord's API`);
    expect(bot.stderr()).toContain('Remove the version');
    expect(bot.stderr()).not.toContain(FAKE_TOKEN);
  });

  it('DISCORD_API_URL on a port nothing listens on', async () => {
    const closed = 'http://127.0.0.1:9/api';
    const bot = startFailing({ DISCORD_API_URL: closed });
    const exit = await exitWithin(bot, 90_000);
    expect(exit.code).toBe(1);
    expect(bot.stderr()).toContain(`Could not reach DISCORD_API_URL (${closed}): connect ECONNREFUSED`);
  });

  it('DISCORD_TOKEN that the gateway refuses', async () => {
    const bot = startFailing({ DISCORD_TOKEN: `${FAKE_TOKEN.slice(0, -3)}xyz` });
    const exit = await exitWithin(bot, 90_000);
    expect(exit.code).toBe(1);
    expect(bot.stderr()).toMatch(/Discord rejected DISCORD_TOKEN/);
  });
});
