import { describe, expect, it } from 'vitest';
import type { AnswerResult, Citation } from '../../../src/core/types.js';
import {
  formatAnswerMessage,
  formatListFields,
  formatPinnedAnswerMessage,
  formatSourcesMessages,
} from '../../../src/discord/format/answer-message.js';
import { formatCustomId, parseCustomId } from '../../../src/discord/format/custom-ids.js';

function citation(n: number, anchor: string, heading: string, quote = `Quote ${n}.`): Citation {
  return {
    n,
    anchor,
    heading,
    headingPath: `Guide › ${heading}`,
    source: 'guide.md',
    chunkId: `guide.md#${anchor}:${n}`,
    score: 1,
    quote,
  };
}

function result(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    question: 'What is the salary?',
    answer: 'The median is $40,000 [1]. Hospitals pay more [2].',
    grounded: true,
    outcome: 'answered',
    citations: [
      citation(1, 'salary', 'How much is the salary?'),
      citation(2, 'employers', 'Which employers pay most?'),
      citation(3, 'salary', 'How much is the salary?'),
    ],
    suggestions: [],
    mode: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...overrides,
  };
}

describe('formatAnswerMessage', () => {
  it('lists each cited section once with its numbers and a link to the guide', () => {
    const body = formatAnswerMessage(result(), {
      guideUrl: 'https://example.org/guide',
      answerId: 7,
      ephemeral: false,
    });
    const embed = body.embeds[0];
    expect(embed?.description).toContain('[1]');
    expect(embed?.fields?.[0]).toEqual({
      name: 'Sources',
      value:
        '[1] [3] [How much is the salary?](https://example.org/guide#salary)\n[2] [Which employers pay most?](https://example.org/guide#employers)',
    });
    expect(embed?.footer?.text).toMatch(/guide/i);
  });

  it('names sections without links when no guide URL is set', () => {
    const body = formatAnswerMessage(result(), { answerId: 7, ephemeral: false });
    expect(body.embeds[0]?.fields?.[0]?.value).toContain('**How much is the salary?**');
    expect(body.embeds[0]?.fields?.[0]?.value).not.toContain('](');
  });

  it('has Sources, vote and Pin buttons carrying the answer id, and no Pin on a private answer or in a DM', () => {
    const ids = (ephemeral: boolean, inDm = false) =>
      formatAnswerMessage(result(), { answerId: 7, ephemeral, inDm }).components[0]?.components.map((c) =>
        'custom_id' in c ? c.custom_id : '',
      );
    expect(ids(false)).toEqual(['gb:sources:7', 'gb:up:7', 'gb:down:7', 'gb:pin:7']);
    expect(ids(true)).toEqual(['gb:sources:7', 'gb:up:7', 'gb:down:7']);
    expect(ids(false, true)).toEqual(['gb:sources:7', 'gb:up:7', 'gb:down:7']);
  });

  it('says the guide does not cover it and lists the closest sections when out of scope', () => {
    const body = formatAnswerMessage(
      result({
        outcome: 'out_of_scope',
        grounded: false,
        citations: [],
        answer: 'The guide does not cover that.',
        suggestions: [citation(1, 'skills', 'What skills?')],
      }),
      { answerId: 1, ephemeral: false },
    );
    expect(body.embeds[0]?.fields?.[0]).toMatchObject({
      name: 'Closest sections of the guide',
      value: '• **What skills?**',
    });
    expect(body.components[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'gb:up:1',
      'gb:down:1',
    ]);
  });

  it('shows only the explanation, without embed or buttons, for a question the core rejected', () => {
    const body = formatAnswerMessage(
      result({
        outcome: 'invalid',
        invalid: { code: 'no_text', length: 3, maxLength: 500 },
        grounded: false,
        citations: [],
        answer: '',
      }),
      { answerId: 1, ephemeral: false },
    );
    expect(body).toEqual({
      content: 'Please ask your question in words; I could not find any.',
      embeds: [],
      components: [],
    });
  });

  it('escapes the echoed question and keeps every part within Discord limits', () => {
    const long = `@everyone **${'why '.repeat(400)}**`;
    const many = Array.from({ length: 60 }, (_, i) =>
      citation(i + 1, `s${i}`, `Section ${i} ${'x'.repeat(60)}`),
    );
    const body = formatAnswerMessage(
      result({ question: long, answer: 'word '.repeat(2000), citations: many }),
      {
        guideUrl: 'https://example.org/g',
        answerId: 1,
        ephemeral: false,
      },
    );
    const embed = body.embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.title).not.toContain('@everyone');
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    for (const field of embed.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
    const total =
      embed.title!.length +
      embed.description!.length +
      embed.footer!.text.length +
      embed.fields!.reduce((s, f) => s + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });
});

describe('formatListFields', () => {
  it('splits lines over several fields, only between lines', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'y'.repeat(80)}`);
    const fields = formatListFields('Sources', lines, 25);
    expect(fields.length).toBeGreaterThan(1);
    expect(fields[1]?.name).toBe('Sources (cont.)');
    expect(fields.flatMap((f) => f.value.split('\n'))).toEqual(lines);
  });
});

describe('formatPinnedAnswerMessage', () => {
  it('marks the answer as pinned by the moderators with a link to the original message and the citations', () => {
    const body = formatPinnedAnswerMessage(
      'What is the pay?',
      {
        pinId: 3,
        answer: 'About $40k.',
        citations: [citation(1, 'salary', 'Salary')],
        messageUrl: 'https://discord.com/channels/g/c/m',
      },
      { answerId: 9, ephemeral: false },
    );
    const embed = body.embeds[0]!;
    expect(embed.title).toMatch(/^📌/);
    expect(embed.fields?.[0]).toEqual({
      name: 'Pinned by the moderators',
      value: '[Original message](https://discord.com/channels/g/c/m)',
    });
    expect(embed.fields?.[1]?.value).toContain('Salary');
    expect(body.components[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).not.toContain(
      'gb:pin:9',
    );
  });
});

describe('formatSourcesMessages', () => {
  it('quotes every passage and keeps each message under 2,000 characters', () => {
    const cites = Array.from({ length: 4 }, (_, i) =>
      citation(i + 1, `s${i}`, `S${i}`, 'Long passage sentence. '.repeat(60)),
    );
    const messages = formatSourcesMessages(cites, 'https://example.org/g', 10);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(2000);
    expect(messages.join('\n')).toContain('**[4] Guide › S3** <https://example.org/g#s3>');
    expect(messages[0]).toMatch(/^\*\*\[1\].*\n> Long passage/);
  });
});

describe('custom ids', () => {
  it('round-trip and reject foreign ids', () => {
    expect(parseCustomId(formatCustomId('pin', 42))).toEqual({ action: 'pin', answerId: 42 });
    expect(parseCustomId('gb:nuke:1')).toBeUndefined();
    expect(parseCustomId('other')).toBeUndefined();
  });
});
