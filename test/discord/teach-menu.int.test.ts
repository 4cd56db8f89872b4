/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary Discord JSON, asserted field by field */
import { toGuideSettings } from '../../src/app/wiring.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGuide, type Guide } from '../../src/core/guide.js';
import { REPLIES } from '../../src/discord/format/refusals.js';
import { createSilentLogger } from '../../src/logger.js';
import { IDS, nextId } from '../support/fake-discord/ids.js';
import {
  MODERATOR_PERMISSIONS,
  slashCommand,
  stringSelect,
  user,
  USERS,
} from '../support/fake-discord/payloads.js';
import { FakeDiscord, type LoggedRequest } from '../support/fake-discord/server.js';
import { guideConfig, ingest, sharedEmbeddings, writeGuideExcerpt } from './guide-fixture.js';
import { startTestBot, tempDir, testConfig, type RunningBot } from './harness.js';

/**
 * "This answers it": the menu under a refusal with which a moderator teaches the bot, through the real
 * discord.js client against the fake Discord. (Beside pins.int.test.ts rather than in it: that file is
 * near the 300-line limit.)
 */
const MISSED = 'Can I wear sneakers and jeans at the front desk?';

let fake: FakeDiscord;
let running: RunningBot;
let guide: Guide;
const tmp = tempDir('guidebot-teach-menu-');

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const corpusDir = join(tmp.dir, 'corpus');
  const indexDir = join(tmp.dir, 'index');
  writeGuideExcerpt(corpusDir);
  await ingest(corpusDir, indexDir);
  const config = guideConfig(testConfig(fake, join(tmp.dir, 'data', 'guidebot.sqlite')), corpusDir, indexDir);
  guide = await openGuide({
    settings: toGuideSettings(config),
    embeddings: sharedEmbeddings,
    logger: createSilentLogger(),
  });
  await guide.warmUp();
  running = await startTestBot({
    fake,
    guide,
    config,
    embedQuestion: (t) => sharedEmbeddings.embedQuery(t),
  });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  tmp.remove();
});

const isCallback = (id: string) => (r: LoggedRequest) =>
  r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

async function ask(question: string) {
  const interaction = fake.sendInteraction(slashCommand('ask', { question }, { user: user(nextId(), 'm') }));
  const answer = await fake.waitForAnswer(interaction);
  return { body: answer.body, message: fake.originalOf(interaction.id)! };
}

/** The menu under a reply: its custom id and options. */
function teachMenu(body: any): { custom_id: string; options: { label: string; value: string }[] } {
  return body.components
    .flatMap((row: any) => row.components)
    .find((c: any) => c.type === 3 && c.custom_id.startsWith('gb:teach:'));
}

describe('"This answers it" under a refusal', () => {
  it('refuses a member who is not a moderator, ephemerally, and teaches nothing', async () => {
    const refusal = await ask(MISSED);
    expect(refusal.body.embeds[0].footer.text).toBe('The guide does not seem to cover this.');
    const menu = teachMenu(refusal.body);
    expect(menu.custom_id.length).toBeLessThanOrEqual(100);
    const choice = fake.sendInteraction(
      stringSelect(menu.custom_id, [menu.options[0]!.value], refusal.message, { user: USERS.otherMember }),
    );
    const reply = await fake.waitFor(isCallback(choice.id));
    expect(reply.body.data).toMatchObject({ content: REPLIES.onlyModeratorsTeachChoice, flags: 64 });
    expect(reply.body.data.allowed_mentions).toMatchObject({ parse: [] });
    expect(await running.store.activeTaughtQuestions(IDS.guild)).toEqual([]);
  });

  it("teaches a moderator's chosen section, and the same question is answered from it next time", async () => {
    const refusal = await ask(MISSED);
    const menu = teachMenu(refusal.body);
    const chosen = menu.options[0]!;
    const choice = fake.sendInteraction(
      stringSelect(menu.custom_id, [chosen.value], refusal.message, {
        user: USERS.moderator,
        permissions: MODERATOR_PERMISSIONS,
      }),
    );
    const reply = await fake.waitFor(isCallback(choice.id));
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.content).toMatch(/^Learned \(#\d+\)/);
    expect(reply.body.data.allowed_mentions).toMatchObject({ parse: [] });
    const [taught] = await running.store.activeTaughtQuestions(IDS.guild);
    expect(taught).toMatchObject({ question: MISSED, taughtBy: IDS.moderator });
    expect(chosen.label).toContain(taught!.section.heading.slice(0, 40));

    const again = await ask(MISSED);
    const embed = again.body.embeds[0];
    expect(embed.footer.text).not.toBe('The guide does not seem to cover this.');
    expect(embed.fields[0].value).toContain(taught!.section.anchor);
    expect(teachMenu(again.body)).toBeUndefined();
    expect(running.errors).toEqual([]);
  });

  it("offers the section's sentences under the confirmation; a chosen one becomes the lesson's answer", async () => {
    const question = 'Can I wear a nose ring and dyed hair at the front desk?';
    const refusal = await ask(question);
    const menu = teachMenu(refusal.body);
    const asModerator = { user: USERS.moderator, permissions: MODERATOR_PERMISSIONS };
    const choice = fake.sendInteraction(
      stringSelect(menu.custom_id, [menu.options[0]!.value], refusal.message, asModerator),
    );
    const confirmation = await fake.waitFor(isCallback(choice.id));
    const sentences = answerMenu(confirmation.body.data);
    expect(sentences.custom_id).toMatch(/^gb:teach-answer:\d+$/);
    expect(sentences.options.length).toBeGreaterThan(1);
    expect(sentences.options.length).toBeLessThanOrEqual(25);
    const picked = sentences.options[1]!;
    const message = fake.originalOf(choice.id)!;

    const refused = fake.sendInteraction(
      stringSelect(sentences.custom_id, [picked.value], message, { user: USERS.otherMember }),
    );
    expect((await fake.waitFor(isCallback(refused.id))).body.data.content).toBe(
      REPLIES.onlyModeratorsTeachChoice,
    );

    const answer = fake.sendInteraction(
      stringSelect(sentences.custom_id, [picked.value], message, asModerator),
    );
    const reply = await fake.waitFor(isCallback(answer.id));
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.content).toMatch(/^Learned \(#\d+\): .* preferring the sentence “/);
    expect(reply.body.data.allowed_mentions).toMatchObject({ parse: [] });
    const lesson = (await running.store.activeTaughtQuestions(IDS.guild)).find(
      (t) => t.question === question,
    );
    expect(lesson?.answer?.replace(/\*\*/g, '')).toContain(picked.label.replace(/…$/, ''));
    // The lesson was taught anew with the sentence: the one the menu named is gone.
    expect(String(lesson?.id)).not.toBe(sentences.custom_id.split(':')[2]);
    expect(running.errors).toEqual([]);
  });
});

/** The "which sentence answers it" menu of a reply. */
function answerMenu(body: any): { custom_id: string; options: { label: string; value: string }[] } {
  return body.components
    .flatMap((row: any) => row.components)
    .find((c: any) => c.type === 3 && c.custom_id.startsWith('gb:teach-answer:'));
}

describe('/teach section:none', () => {
  it('teaches that the guide does not cover a question it answered, which is refused from then on', async () => {
    const question = 'How much do medical administrative assistants earn in hospitals in Canada?';
    const before = await ask(question);
    expect(before.body.embeds[0].footer?.text).not.toBe('The guide does not seem to cover this.');

    const teach = fake.sendInteraction(
      slashCommand(
        'teach',
        { question, section: 'none' },
        { user: USERS.moderator, permissions: MODERATOR_PERMISSIONS },
      ),
    );
    const reply = await fake.waitFor(isCallback(teach.id));
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.content).toMatch(
      /^Learned \(#\d+\): the guide does not cover questions like this/,
    );
    expect(reply.body.data.allowed_mentions).toMatchObject({ parse: [] });

    const after = await ask(question);
    expect(after.body.embeds[0].footer.text).toBe('The guide does not seem to cover this.');
    expect(running.errors).toEqual([]);
  });
});

describe('/teach … answer:', () => {
  const teach = (options: Record<string, string>) =>
    fake.sendInteraction(
      slashCommand('teach', options, { user: USERS.moderator, permissions: MODERATOR_PERMISSIONS }),
    );

  it('teaches the sentence that answers, named by a part of it, and the answer leads with it', async () => {
    const question = 'who hires the most MAs';
    const before = await ask(question);
    expect(JSON.stringify(before.body.embeds[0])).not.toContain('account for 56%');

    const taught = teach({ question, section: 'Where can medical', answer: 'account for 56%' });
    const reply = await fake.waitFor(isCallback(taught.id));
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.content).toMatch(
      /^Learned \(#\d+\): .* preferring the sentence “According to the chart below/,
    );
    expect(reply.body.data.allowed_mentions).toMatchObject({ parse: [] });
    const [lesson] = await running.store.activeTaughtQuestions(IDS.guild);
    expect(lesson?.answer).toMatch(
      /^According to the chart below, the largest employers .* 56% of employment in this field\.$/,
    );

    const after = await ask(question);
    expect(after.body.embeds[0].description).toMatch(/^According to the chart below, the largest employers/);
    expect(running.errors).toEqual([]);
  });

  it('lists the sentences a part names when it names several, and teaches nothing', async () => {
    const count = (await running.store.activeTaughtQuestions(IDS.guild)).length;
    const taught = teach({ question: 'pay at hospitals?', section: 'Which employers', answer: 'hospitals' });
    const reply = await fake.waitFor(isCallback(taught.id));
    expect(reply.body.data.content.split('\n')[0]).toBe(REPLIES.teachAmbiguousSentence);
    expect(reply.body.data.content.split('\n').length).toBeGreaterThan(2);
    expect(await running.store.activeTaughtQuestions(IDS.guild)).toHaveLength(count);
  });
});
