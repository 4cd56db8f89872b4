import { describe, expect, it } from 'vitest';
import { sectionId } from '../../../src/core/retrieval/sections.js';
import type { AnswerResult, SectionRef } from '../../../src/core/types.js';
import { formatAnswerMessage } from '../../../src/discord/format/answer-message.js';
import {
  formatTeachAnswerMenuId,
  formatTeachMenuId,
  parseCustomId,
  parseTeachAnswerMenuId,
  parseTeachMenuId,
} from '../../../src/discord/format/custom-ids.js';
import {
  formatTeachAnswerMenu,
  formatTeachMenu,
  TEACH_ANSWER_PLACEHOLDER,
  TEACH_MENU_PLACEHOLDER,
} from '../../../src/discord/format/teach-menu.js';

const LONG_HEADING =
  'What are the educational requirements for becoming a medical administrative assistant for 2025?';

function section(heading: string, anchor: string): SectionRef {
  return {
    heading,
    anchor,
    headingPath: `Guide › ${heading}`,
    source: 'medical-administrative-assistant-guide.md',
  };
}

const SUGGESTIONS = [
  section(
    LONG_HEADING,
    'what-are-the-educational-requirements-for-becoming-a-medical-administrative-assistant-for-2025',
  ),
  section('Where can they work?', 'where-can-they-work'),
];

function refusal(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    question: 'Can I wear jeans?',
    answer: '',
    grounded: false,
    outcome: 'out_of_scope',
    citations: [],
    suggestions: SUGGESTIONS,
    mode: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...overrides,
  };
}

/** The select menus of a message body. */
function menusOf(body: ReturnType<typeof formatAnswerMessage>) {
  return body.components.flatMap((row) => row.components).filter((c) => c.type === 3);
}

describe('the "This answers it" menu', () => {
  it('lists the suggested sections whole, each valued by a short section id, under the logged question id', () => {
    const row = formatTeachMenu(SUGGESTIONS, 123456789);
    const menu = row?.components[0];
    expect(menu).toMatchObject({
      type: 3,
      custom_id: 'gb:teach:123456789',
      placeholder: TEACH_MENU_PLACEHOLDER,
      min_values: 1,
      max_values: 1,
    });
    const options = (menu as { options: { label: string; value: string }[] }).options;
    expect(options.map((o) => o.label)).toEqual([LONG_HEADING, 'Where can they work?']);
    expect(options.map((o) => o.value)).toEqual(SUGGESTIONS.map((s) => sectionId(s)));
    for (const option of options) expect(option.value.length).toBeLessThanOrEqual(100);
  });

  it('cuts a heading longer than 100 characters and lists a section once', () => {
    const long = section(`${'Very long heading '.repeat(8)}?`, 'long');
    const row = formatTeachMenu([long, long], 1);
    const options = (row?.components[0] as { options: { label: string }[] }).options;
    expect(options).toHaveLength(1);
    expect(options[0]!.label.length).toBeLessThanOrEqual(100);
    expect(options[0]!.label.endsWith('…')).toBe(true);
  });

  it('has nothing to offer without suggestions', () => {
    expect(formatTeachMenu([], 1)).toBeUndefined();
  });

  it('is offered under a refusal in a server, not in a DM, not under an answer or a language refusal', () => {
    const options = { answerId: 9, ephemeral: false };
    expect(menusOf(formatAnswerMessage(refusal(), options))).toHaveLength(1);
    expect(menusOf(formatAnswerMessage(refusal(), { ...options, inDm: true }))).toHaveLength(0);
    expect(menusOf(formatAnswerMessage(refusal({ language: 'other' }), options))).toHaveLength(0);
    const answered = refusal({ outcome: 'answered', answer: 'Yes [1].', suggestions: [] });
    expect(menusOf(formatAnswerMessage(answered, options))).toHaveLength(0);
  });
});

describe('the menu custom id', () => {
  it('round-trips the logged question id and is not taken for a button', () => {
    const id = formatTeachMenuId(Number.MAX_SAFE_INTEGER);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseTeachMenuId(id)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseCustomId(id)).toBeUndefined();
    expect(parseTeachMenuId('gb:pin:3')).toBeUndefined();
    expect(parseTeachMenuId('gb:teach:')).toBeUndefined();
    expect(parseTeachMenuId('gb:teach:99999999999999999999')).toBeUndefined();
  });
});

describe('the "which sentence answers it" menu', () => {
  it("offers each sentence once by its place in the section, labels cut to Discord's 100 characters", () => {
    const long = `**Hospitals.** ${'In hospitals, medical administrative assistants manage records. '.repeat(3)}`;
    const row = formatTeachAnswerMenu(
      [
        { index: 4, text: long },
        { index: 0, text: 'Short one.' },
      ],
      42,
    )!;
    const menu = row.components[0] as {
      custom_id: string;
      placeholder: string;
      options: { label: string; value: string }[];
    };
    expect(menu.custom_id).toBe(formatTeachAnswerMenuId(42));
    expect(parseTeachAnswerMenuId(menu.custom_id)).toBe(42);
    expect(parseTeachMenuId(menu.custom_id)).toBeUndefined();
    expect(menu.placeholder).toBe(TEACH_ANSWER_PLACEHOLDER);
    expect(menu.options.map((o) => o.value)).toEqual(['4', '0']);
    expect(menu.options[0]!.label.length).toBeLessThanOrEqual(100);
    expect(menu.options[0]!.label).toMatch(/^Hospitals\. In hospitals/);
  });

  it('offers at most 25 sentences, and no menu for a section without any', () => {
    const many = Array.from({ length: 30 }, (_, index) => ({ index, text: `Sentence ${index}.` }));
    const menu = formatTeachAnswerMenu(many, 1)!.components[0] as { options: unknown[] };
    expect(menu.options).toHaveLength(25);
    expect(formatTeachAnswerMenu([], 1)).toBeUndefined();
    expect(parseTeachAnswerMenuId('gb:teach-answer:x')).toBeUndefined();
  });
});
