/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary Discord JSON, asserted field by field */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGuide } from '../../src/core/guide.js';
import { toGuideSettings } from '../../src/app/wiring.js';
import { REPLIES } from '../../src/discord/format/refusals.js';
import { createSilentLogger } from '../../src/logger.js';
import { IDS, nextId } from '../support/fake-discord/ids.js';
import {
  button,
  slashCommand,
  user,
  USERS,
  userMessage,
  type FakeUser,
} from '../support/fake-discord/payloads.js';
import { FakeDiscord, type LoggedRequest } from '../support/fake-discord/server.js';
import { guideConfig, ingest, sharedEmbeddings, writeGuideExcerpt } from './guide-fixture.js';
import { startTestBot, tempDir, testConfig, type RunningBot } from './harness.js';
import { SpyGuide } from './spy-guide.js';

/**
 * /ask, mentions, DMs, threads, abuse limits and failures, through the bot's real discord.js client
 * connected to the fake Discord, answering from the real Guide over an index built from the guide.
 */
const SALARY_ANCHOR = 'how-much-is-the-salary-of-medical-administrative-assistants';
const PAY_QUESTION = 'How much do medical administrative assistants earn?';

let fake: FakeDiscord;
let running: RunningBot;
let spy: SpyGuide;
const tmp = tempDir('guidebot-ask-');

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const corpusDir = join(tmp.dir, 'corpus');
  const indexDir = join(tmp.dir, 'index');
  writeGuideExcerpt(corpusDir);
  await ingest(corpusDir, indexDir);
  const config = guideConfig(
    testConfig(fake, join(tmp.dir, 'data', 'guidebot.sqlite'), {
      COOLDOWN_SECONDS: '60',
      MAX_QUESTION_LENGTH: '200',
      ALLOWED_CHANNEL_IDS: IDS.channel,
    }),
    corpusDir,
    indexDir,
  );
  const guide = await openGuide({
    settings: toGuideSettings(config),
    embeddings: sharedEmbeddings,
    logger: createSilentLogger(),
  });
  // Warm as the bot is after start (the index's sentence vectors, the model): the tests here are about
  // Discord, and the in-process encoder of the tests would otherwise hold the first question up.
  await guide.warmUp();
  await guide.answer(PAY_QUESTION);
  spy = new SpyGuide(guide);
  running = await startTestBot({
    fake,
    guide: spy,
    config,
    embedQuestion: (t) => sharedEmbeddings.embedQuery(t),
  });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  tmp.remove();
});

/** A member who has not asked yet (the cooldown is per member). */
function freshMember(): FakeUser {
  return user(nextId(), `member-${Math.random().toString(36).slice(2, 7)}`);
}

const isCallback = (id: string) => (r: LoggedRequest) =>
  r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);
const isOriginalEdit = (token: string) => (r: LoggedRequest) =>
  r.method === 'PATCH' && r.path.includes(`/${token}/messages/@original`);
const isReplyTo = (messageId: string) => (r: LoggedRequest) =>
  r.method === 'POST' &&
  /^\/channels\/\d+\/messages$/.test(r.path) &&
  r.body?.message_reference?.message_id === messageId;
const customIds = (body: any): string[] =>
  (body.components?.[0]?.components ?? []).map((c: any) => c.custom_id);

async function ask(
  question: string,
  options: { user?: FakeUser; channelId?: string; private?: boolean } = {},
) {
  const interaction = fake.sendInteraction(
    slashCommand(
      'ask',
      { question, ...(options.private !== undefined ? { private: options.private } : {}) },
      {
        user: options.user ?? freshMember(),
        ...(options.channelId ? { channelId: options.channelId } : {}),
      },
    ),
  );
  const callback = await fake.waitFor(isCallback(interaction.id));
  return { interaction, callback };
}

/** Asks and waits for the final answer, in the first response or edited in after a deferral. */
async function askAndWaitForAnswer(question: string, options: Parameters<typeof ask>[1] = {}) {
  const { interaction, callback } = await ask(question, options);
  const edit = await fake.waitForAnswer(
    interaction,
    (body) => body?.embeds?.[0]?.footer?.text !== 'Writing from the guide…',
  );
  return { interaction, callback, edit };
}

describe('/ask', () => {
  it('answers a ready answer in one response, well within the deadline, citing the salary section', async () => {
    const { callback, edit } = await askAndWaitForAnswer(PAY_QUESTION);
    expect(callback.body.type).toBe(4);
    expect(callback.status).toBe(200);
    expect(edit.via).toBe('reply');
    expect(callback.sinceDispatchMs).toBeLessThan(3000);
    expect(fake.requests.filter(isOriginalEdit(callback.path.split('/')[3]!))).toHaveLength(0);
    const embed = edit.body.embeds[0];
    expect(embed.title).toBe(PAY_QUESTION);
    expect(embed.description).toMatch(/\[1\]/);
    const sources = embed.fields.find((f: any) => f.name === 'Sources');
    expect(sources.value).toContain(`(https://guide.example.org/maa#${SALARY_ANCHOR})`);
    expect(embed.footer.text).toMatch(/guide/i);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const ids = customIds(edit.body);
    expect(ids.map((id) => id.split(':')[1])).toEqual(['sources', 'up', 'down', 'pin']);
    const answerId = Number(ids[0]?.split(':')[2]);
    expect(await running.store.getAnswer(answerId)).toMatchObject({
      question: PAY_QUESTION,
      outcome: 'answered',
    });
  });

  it('still delivers an answer that takes longer than 3 seconds, because it deferred first', async () => {
    spy.delayMs = 3300;
    try {
      const { callback, edit } = await askAndWaitForAnswer('What is the average salary?');
      expect(callback.body.type).toBe(5);
      expect(callback.sinceDispatchMs).toBeLessThan(3000);
      expect(edit.via).toBe('edit');
      expect(edit.at - (callback.at - callback.sinceDispatchMs!)).toBeGreaterThan(3000);
      expect(edit.body.embeds[0].fields[0].value).toContain(SALARY_ANCHOR);
    } finally {
      spy.delayMs = 0;
    }
  });

  it('edits streamed partial answers into the deferred reply at most about once a second, then the final answer last', async () => {
    // Partials every 400 ms: the first is shown at once, the next two coalesce into one edit a second later.
    spy.partials = ['Medical', 'Medical administrative', 'Medical administrative assistants earn'];
    spy.partialGapMs = 400;
    try {
      const { interaction } = await askAndWaitForAnswer(
        'What do medical administrative assistants earn per year?',
      );
      const edits = fake.requests.filter(isOriginalEdit(interaction.token));
      const partial = edits.filter((r) => r.body?.embeds?.[0]?.footer?.text === 'Writing from the guide…');
      expect(partial.map((r) => r.body.embeds[0].description)).toEqual([
        'Medical …',
        'Medical administrative assistants earn …',
      ]);
      expect(partial[1]!.at - partial[0]!.at).toBeGreaterThanOrEqual(900);
      expect(edits.at(-1)?.body.embeds[0].fields[0].name).toBe('Sources');
    } finally {
      spy.partials = [];
      spy.partialGapMs = 0;
    }
  });

  it('answers privately (ephemeral, no Pin button) with private:true', async () => {
    const { callback, edit } = await askAndWaitForAnswer('What skills should I have?', { private: true });
    expect(callback.body.data.flags & 64).toBe(64);
    expect(customIds(edit.body).some((id) => id.startsWith('gb:pin:'))).toBe(false);
  });

  it('says when the guide does not cover a question and lists the closest sections', async () => {
    const { edit } = await askAndWaitForAnswer('Who won the 1998 football world cup?');
    const embed = edit.body.embeds[0];
    expect(embed.description).toMatch(/doesn.t cover/i);
    expect(embed.fields[0].name).toBe('Closest sections of the guide');
    expect(embed.fields[0].value).toMatch(/guide\.example\.org\/maa#/);
    expect(customIds(edit.body).some((id) => id.startsWith('gb:sources:'))).toBe(false);
  });

  it('shows the quoted passages ephemerally when Sources is pressed', async () => {
    const { interaction, edit } = await askAndWaitForAnswer(PAY_QUESTION);
    const press = fake.sendInteraction(button(customIds(edit.body)[0]!, fake.originalOf(interaction.id)!));
    const reply = await fake.waitFor(isCallback(press.id));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.content).toMatch(/^\*\*\[1\] .*salary/im);
    expect(reply.body.data.content).toMatch(/\n> \S/);
    expect(reply.body.data.content.length).toBeLessThanOrEqual(2000);
  });

  it('keeps one vote per member per answer, changeable, acknowledged ephemerally', async () => {
    const { interaction, edit } = await askAndWaitForAnswer(
      'Where can medical administrative assistants work?',
    );
    const [, up, down] = customIds(edit.body);
    const message = fake.originalOf(interaction.id)!;
    const voter = freshMember();
    const first = fake.sendInteraction(button(up!, message, { user: voter }));
    expect((await fake.waitFor(isCallback(first.id))).body.data).toMatchObject({
      content: REPLIES.voteRecorded(true),
      flags: 64,
    });
    const second = fake.sendInteraction(button(down!, message, { user: voter }));
    expect((await fake.waitFor(isCallback(second.id))).body.data).toMatchObject({
      content: REPLIES.voteChanged(false),
      flags: 64,
    });
    expect(await running.store.feedbackFor(Number(up!.split(':')[2]))).toEqual({ up: 0, down: 1 });
  });
});

describe('mentions, DMs and threads', () => {
  it('replies to a mention without pinging anyone, even when the question says @everyone', async () => {
    const message = fake.sendMessage(
      userMessage('@everyone what is the salary of a medical administrative assistant?', {
        author: freshMember(),
      }),
    );
    const reply = await fake.waitFor(isReplyTo(message.id));
    expect(reply.body.allowed_mentions.parse).toEqual([]);
    expect(reply.body.allowed_mentions.replied_user).toBe(false);
    const embed = reply.body.embeds[0];
    // The core answers the question without the mass mention, so the echo has none to defuse.
    expect(embed.title.replace(/\u200b/g, '')).not.toContain('@everyone');
    expect(embed.title).toContain('what is the salary of a medical administrative assistant?');
    expect(embed.fields[0].value).toContain(SALARY_ANCHOR);
  });

  it('answers a DM as a reply, without a Pin button (pins belong to a server)', async () => {
    const message = fake.sendMessage(userMessage(PAY_QUESTION, { dm: true, author: freshMember() }));
    const reply = await fake.waitFor(isReplyTo(message.id));
    expect(reply.path).toBe(`/channels/${IDS.dmChannel}/messages`);
    expect(reply.body.embeds[0].fields[0].value).toContain(SALARY_ANCHOR);
    expect(customIds(reply.body)).toEqual(expect.arrayContaining([expect.stringMatching(/^gb:up:/)]));
    expect(customIds(reply.body).some((id) => id.startsWith('gb:pin:'))).toBe(false);
    // In a DM every message is a question; the bot's own reply, dispatched back to it, must not be one.
    await waitForIdle();
    const ownReply = [...fake.messages.values()].find(
      (m) => m.author.id === IDS.bot && m.message_reference?.message_id === message.id,
    );
    expect(ownReply).toBeDefined();
    expect(fake.requests.some(isReplyTo(ownReply!.id))).toBe(false);
  });

  it("understands a follow-up in a thread with the thread's previous question as context", async () => {
    await askAndWaitForAnswer(PAY_QUESTION, { channelId: IDS.thread });
    const followUp = fake.sendMessage(
      userMessage('and in hospitals?', { channelId: IDS.thread, author: freshMember() }),
    );
    const reply = await fake.waitFor(isReplyTo(followUp.id));
    expect(spy.calls.find((c) => c.question === 'and in hospitals?')?.context).toBe(PAY_QUESTION);
    expect(reply.body.embeds[0].fields[0].value).toContain(SALARY_ANCHOR);
  });
});

describe('abuse limits', () => {
  it('refuses a second question within the cooldown, ephemerally, without asking the guide', async () => {
    const member = freshMember();
    await askAndWaitForAnswer('What certification do I need?', { user: member });
    const { callback } = await ask('What license do I need?', { user: member });
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(callback.body.data.content).toMatch(/wait \d+ s/);
    expect(spy.asked('What license do I need?')).toBe(false);
  });

  it('refuses an over-long question, ephemerally', async () => {
    const { callback } = await ask(`Why ${'really '.repeat(40)}?`);
    expect(callback.body.data.content).toMatch(/too long .* limit is 200/);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(spy.asked('really really')).toBe(false);
  });

  it('refuses /ask in a channel not on the allow-list and stays silent on mentions there', async () => {
    const { callback } = await ask('What is the pay in off-topic?', { channelId: IDS.otherChannel });
    expect(callback.body.data).toMatchObject({ content: REPLIES.channelNotAllowed, flags: 64 });
    const silent = fake.sendMessage(
      userMessage('pay question in off-topic?', { channelId: IDS.otherChannel, author: freshMember() }),
    );
    // A later mention in an allowed channel is answered; by then the first would have been too.
    const later = fake.sendMessage(userMessage('What skills matter most?', { author: freshMember() }));
    await fake.waitFor(isReplyTo(later.id));
    await waitForIdle();
    expect(fake.requests.some(isReplyTo(silent.id))).toBe(false);
    expect(spy.asked('pay question in off-topic')).toBe(false);
  });

  it('ignores other bots and its own replies', async () => {
    const fromBot = fake.sendMessage(userMessage('what does a bot earn?', { author: USERS.otherBot }));
    const later = fake.sendMessage(userMessage('Which employers pay the most?', { author: freshMember() }));
    await fake.waitFor(isReplyTo(later.id));
    await waitForIdle();
    expect(fake.requests.some(isReplyTo(fromBot.id))).toBe(false);
    expect(spy.asked('what does a bot earn')).toBe(false);
    // The fake dispatched the bot's own reply back to it as MESSAGE_CREATE; nothing answered it.
    const ownReply = [...fake.messages.values()].find(
      (m) => m.author.id === IDS.bot && m.message_reference?.message_id === later.id,
    );
    expect(ownReply).toBeDefined();
    expect(fake.requests.some(isReplyTo(ownReply!.id))).toBe(false);
    expect(
      fake
        .find('POST', /^\/channels\/\d+\/messages$/)
        .filter((r) => r.body?.message_reference?.message_id === later.id),
    ).toHaveLength(1);
  });
});

describe('when Discord fails', () => {
  it('apologizes when sending the answer gets a 500, and keeps answering afterwards', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      respond: { status: 500, message: 'Internal Server Error' },
    });
    const { interaction } = await ask(PAY_QUESTION);
    const apology = await fake.waitFor(
      (r) => isCallback(interaction.id)(r) && r.body?.data?.content === REPLIES.apology,
    );
    expect(apology.status).toBeLessThan(300);
    const { edit } = await askAndWaitForAnswer(PAY_QUESTION);
    expect(edit.body.embeds[0].fields[0].value).toContain(SALARY_ANCHOR);
    expect(running.bot.client.isReady()).toBe(true);
  });

  it('apologizes when editing in a deferred answer times out, and keeps answering afterwards', async () => {
    spy.delayMs = 1800; // past the reply budget: deferred, then edited
    fake.fail({ method: 'PATCH', path: /\/messages\/@original$/, respond: 'hang' });
    try {
      const { interaction } = await ask(PAY_QUESTION);
      const apology = await fake.waitFor(
        (r) => isOriginalEdit(interaction.token)(r) && r.body?.content === REPLIES.apology,
      );
      expect(apology.status).toBe(200);
    } finally {
      spy.delayMs = 0;
    }
    const { edit } = await askAndWaitForAnswer(PAY_QUESTION);
    expect(edit.request.status).toBe(200);
  });

  it('still edits the answer in when Discord accepted the deferral but its response was lost', async () => {
    spy.delayMs = 1800;
    fake.fail({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, respond: 'drop' });
    try {
      const { interaction } = await ask(PAY_QUESTION);
      const edit = await fake.waitForAnswer(interaction);
      expect(edit.via).toBe('edit');
      expect(edit.request.status).toBe(200);
      expect(edit.body.embeds[0].fields[0].value).toContain(SALARY_ANCHOR);
    } finally {
      spy.delayMs = 0;
    }
  });

  it('apologizes in the channel when a mention reply fails, and keeps answering afterwards', async () => {
    fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, respond: { status: 500 } });
    const message = fake.sendMessage(userMessage(PAY_QUESTION, { author: freshMember() }));
    const apology = await fake.waitFor((r) => isReplyTo(message.id)(r) && r.status === 200);
    expect(apology.body.content).toBe(REPLIES.apology);
    const next = fake.sendMessage(userMessage(PAY_QUESTION, { author: freshMember() }));
    expect((await fake.waitFor(isReplyTo(next.id))).body.embeds).toHaveLength(1);
    expect(running.errors).toEqual([]);
  });
});

/** Waits until the bot has no handler running (so "nothing happened" really means nothing). */
async function waitForIdle(): Promise<void> {
  const started = Date.now();
  while (running.bot.inFlight > 0) {
    if (Date.now() - started > 10_000) throw new Error('bot still busy after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
