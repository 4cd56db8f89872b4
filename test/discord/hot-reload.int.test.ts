import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirOf, INDEX_LAYOUT } from '../../src/index/layout.js';
import { startGuidebot, type RunningGuidebot } from '../../src/main.js';
import { nextId } from '../support/fake-discord/ids.js';
import { slashCommand, user } from '../support/fake-discord/payloads.js';
import { FakeDiscord } from '../support/fake-discord/server.js';
import { guideConfig, ingest, sharedEmbeddings, writeGuideExcerpt } from './guide-fixture.js';
import { tempDir, testConfig } from './harness.js';

/**
 * The composition root (startGuidebot, as `npm start` runs it) follows re-ingestion: a new index
 * swapped into INDEX_DIR while the bot runs serves the next question; a broken one is logged and the
 * previous index keeps serving.
 */
const DOG_SECTION = `## Can I bring my dog to the clinic?

Most clinics and hospitals do not allow pets at work because of hygiene rules and patient allergies.
Trained service animals are the exception, and the office manager arranges them with human resources.`;
const DOG_QUESTION = 'Can I bring my dog to the clinic?';
const DOG_ANCHOR = 'can-i-bring-my-dog-to-the-clinic';

let fake: FakeDiscord;
let running: RunningGuidebot;
const logs: { level: number; msg: string; buildId?: string }[] = [];
const tmp = tempDir('guidebot-reload-');
const corpusDir = join(tmp.dir, 'corpus');
const indexDir = join(tmp.dir, 'index');

beforeAll(async () => {
  fake = await FakeDiscord.start();
  writeGuideExcerpt(corpusDir);
  await ingest(corpusDir, indexDir);
  const config = guideConfig(testConfig(fake, join(tmp.dir, 'data', 'guidebot.sqlite')), corpusDir, indexDir);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  running = await startGuidebot({
    config,
    logger: pino({ level: 'info' }, sink),
    embeddings: sharedEmbeddings,
    rest: { timeout: 1500, retries: 0 },
    watch: { debounceMs: 50, pollIntervalMs: 200 },
  });
  // Warm as a running bot is (the model loaded): these tests are about switching indexes, and the
  // in-process encoder of the tests would otherwise hold the first question past Discord's deadline
  // on a busy machine.
  await running.guide.warmUp();
  await running.guide.answer('How do I reload?');
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  tmp.remove();
});

async function askAndWait(question: string) {
  const interaction = fake.sendInteraction(
    slashCommand('ask', { question }, { user: user(nextId(), 'member') }),
  );
  const answer = await fake.waitForAnswer(interaction);
  return answer.body.embeds[0];
}

async function waitForLog(predicate: (entry: (typeof logs)[number]) => boolean, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const found = logs.find(predicate);
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`no such log line; got: ${logs.map((l) => l.msg).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('hot reload', () => {
  it('answers from a new index ingested while the bot runs, and logs the switch', async () => {
    const before = await askAndWait(DOG_QUESTION);
    // The old index has no such section: the bot refuses, or hedges from the closest one (the scope model
    // fitted for a guide without a questions file decides which), and never cites it.
    expect(before.description).toMatch(/doesn.t cover|doesn.t answer that exactly/i);
    expect(JSON.stringify(before)).not.toContain(DOG_ANCHOR);
    const oldBuild = running.guide.manifest().buildId;

    writeGuideExcerpt(corpusDir, undefined, DOG_SECTION);
    await ingest(corpusDir, indexDir);
    const switched = await waitForLog((l) => l.msg === 'the bot now answers from the new index');
    expect(switched.buildId).not.toBe(oldBuild);
    expect(running.guide.manifest().buildId).toBe(switched.buildId);

    const after = await askAndWait(DOG_QUESTION);
    expect(after.fields[0].name).toBe('Sources');
    expect(after.fields[0].value).toContain(DOG_ANCHOR);
  });

  it('keeps serving the previous index when a new one fails to load', async () => {
    const serving = running.guide.manifest().buildId;
    // A build whose manifest disagrees with its vectors, swapped in the way ingestion swaps: CURRENT by rename.
    const brokenId = `broken-${nextId()}`;
    cpSync(buildDirOf(indexDir, serving), buildDirOf(indexDir, brokenId), { recursive: true });
    const manifestPath = join(buildDirOf(indexDir, brokenId), INDEX_LAYOUT.manifest);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(
      manifestPath,
      JSON.stringify({ ...manifest, buildId: brokenId, chunkCount: manifest.chunkCount + 7 }),
    );
    writeFileSync(join(indexDir, 'CURRENT.tmp-test'), brokenId);
    renameSync(join(indexDir, 'CURRENT.tmp-test'), join(indexDir, INDEX_LAYOUT.current));

    await waitForLog((l) => l.msg.startsWith('the new index failed to load'));
    expect(running.guide.manifest().buildId).toBe(serving);
    const answer = await askAndWait(DOG_QUESTION);
    expect(answer.fields[0].value).toContain(DOG_ANCHOR);
    expect(running.bot.client.isReady()).toBe(true);
  });
});
