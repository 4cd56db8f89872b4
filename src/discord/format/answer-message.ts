import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { AnswerResult, Citation, SectionRef } from '../../core/types.js';
import { formatCustomId } from './custom-ids.js';
import { escapeUserText } from './escape.js';
import { formatTeachMenu } from './teach-menu.js';
import { describeNotice, wordAnswer } from '../../app/wording.js';
import { DISCORD_LIMITS, splitText, truncateText } from './split-text.js';

/** A message body the bot sends (reply, edit or follow-up), before discord.js adds `allowed_mentions`. */
export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/** A pinned answer as shown to a later asker. */
export interface PinnedAnswerView {
  pinId: number;
  answer: string;
  citations: readonly Citation[];
  /** Link to the original pinned message. */
  messageUrl: string;
}

export interface AnswerViewOptions {
  /** Base URL of the published guide; section links are `GUIDE_URL#anchor`. */
  guideUrl?: string;
  /** The logged answer's id, for the buttons. */
  answerId: number;
  /** Private (ephemeral) answers get no Pin button: an ephemeral message cannot be pinned. */
  ephemeral: boolean;
  /** Answers in a DM get no Pin button either: pins belong to a server and its moderators. */
  inDm?: boolean;
}

const COLOR_ANSWER = 0x2b7a78;
const COLOR_OUT_OF_SCOPE = 0x9a9a9a;
const COLOR_PINNED = 0xd4a017;

/** `GUIDE_URL#anchor`, or undefined when no guide URL is configured. */
export function sectionUrl(guideUrl: string | undefined, anchor: string): string | undefined {
  if (!guideUrl) return undefined;
  return `${guideUrl.replace(/#.*$/, '')}#${anchor}`;
}

/** A section heading, as a masked link when the guide URL is known. Brackets are escaped for the link. */
export function formatSectionLink(section: SectionRef, guideUrl: string | undefined): string {
  const heading = escapeUserText(section.heading).replace(/[[\]]/g, '\\$&');
  const url = sectionUrl(guideUrl, section.anchor);
  return url ? `[${heading}](${url})` : `**${heading}**`;
}

/**
 * The Sources lines: each cited section once, with the numbers of its passages (`[1] [3] Salary`).
 */
export function formatSourceLines(citations: readonly Citation[], guideUrl: string | undefined): string[] {
  const bySection = new Map<string, { section: Citation; numbers: number[] }>();
  for (const citation of citations) {
    const key = `${citation.source}#${citation.anchor}`;
    const entry = bySection.get(key);
    if (entry) entry.numbers.push(citation.n);
    else bySection.set(key, { section: citation, numbers: [citation.n] });
  }
  return [...bySection.values()].map(
    ({ section, numbers }) =>
      `${numbers.map((n) => `[${n}]`).join(' ')} ${formatSectionLink(section, guideUrl)}`,
  );
}

/**
 * Turns lines into embed fields named `name` (then `name (cont.)`), each under 1,024 characters and cut
 * only between lines, at most `maxFields` of them.
 */
export function formatListFields(name: string, lines: readonly string[], maxFields: number): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let current = '';
  const push = () => {
    if (current.length === 0) return;
    fields.push({ name: fields.length === 0 ? name : `${name} (cont.)`, value: current });
    current = '';
  };
  for (const line of lines) {
    for (const piece of splitText(line, DISCORD_LIMITS.embedFieldValue)) {
      if (current.length + 1 + piece.length > DISCORD_LIMITS.embedFieldValue) push();
      current = current.length === 0 ? piece : `${current}\n${piece}`;
    }
  }
  push();
  return fields.slice(0, Math.max(0, maxFields));
}

function titleFor(question: string, prefix = ''): string {
  return truncateText(`${prefix}${escapeUserText(question.replace(/\s+/g, ' '))}`, DISCORD_LIMITS.embedTitle);
}

function buttons(
  options: AnswerViewOptions,
  kinds: { sources: boolean; pin: boolean },
): MessageBody['components'] {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (kinds.sources) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(formatCustomId('sources', options.answerId))
        .setLabel('Sources')
        .setStyle(ButtonStyle.Secondary),
    );
  }
  row.addComponents(
    new ButtonBuilder()
      .setCustomId(formatCustomId('up', options.answerId))
      .setEmoji('👍')
      .setStyle(ButtonStyle.Secondary),
    new ButtonBuilder()
      .setCustomId(formatCustomId('down', options.answerId))
      .setEmoji('👎')
      .setStyle(ButtonStyle.Secondary),
  );
  if (kinds.pin && !options.ephemeral && !options.inDm) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(formatCustomId('pin', options.answerId))
        .setLabel('Pin')
        .setEmoji('📌')
        .setStyle(ButtonStyle.Primary),
    );
  }
  return [row.toJSON()];
}

/**
 * Keeps the sum of all embed text under Discord's 6,000: drops trailing fields while they would leave
 * the description less than 1,000 characters, then trims the description.
 */
function fitEmbed(embed: APIEmbed): APIEmbed {
  const fields = [...(embed.fields ?? [])];
  const description = embed.description ?? '';
  const fixed = () =>
    (embed.title?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  while (fields.length > 0 && DISCORD_LIMITS.embedTotal - fixed() < Math.min(description.length, 1000))
    fields.pop();
  const room = DISCORD_LIMITS.embedTotal - fixed();
  return {
    ...embed,
    fields,
    description: description.length > room ? truncateText(description, Math.max(1, room)) : description,
  };
}

/**
 * The reply to a question the guide answered or could not answer: an embed with the answer and its
 * `[n]` markers, a Sources field (or, out of scope, the closest sections), a footer saying it comes
 * from the guide, and the Sources / 👍 / 👎 / 📌 Pin buttons; under a refusal in a server, the
 * moderators' "This answers it" menu of the closest sections.
 */
export function formatAnswerMessage(result: AnswerResult, options: AnswerViewOptions): MessageBody {
  // A question the core rejected (no text left after cleaning, say): its explanation, with nothing to vote on.
  if (result.outcome === 'invalid') {
    return {
      content: truncateText(wordAnswer(result) || 'Please ask a question in words.', DISCORD_LIMITS.content),
      embeds: [],
      components: [],
    };
  }
  const answered = result.outcome === 'answered' && result.citations.length > 0;
  const fields: APIEmbedField[] = [];
  if (answered) {
    fields.push(...formatListFields('Sources', formatSourceLines(result.citations, options.guideUrl), 20));
  } else if (result.suggestions.length > 0) {
    const lines = result.suggestions.map((s) => `• ${formatSectionLink(s, options.guideUrl)}`);
    fields.push(...formatListFields('Closest sections of the guide', lines, 20));
  }
  const note = describeNotice(result);
  if (note) fields.push({ name: 'Note', value: truncateText(note, DISCORD_LIMITS.embedFieldValue) });
  const footer = answered
    ? result.mode === 'llm'
      ? 'Written by a model from the guide; check the sources.'
      : 'Quoted from the guide.'
    : 'The guide does not seem to cover this.';
  const embed: APIEmbed = {
    title: titleFor(result.question),
    description: truncateText(wordAnswer(result) || 'No answer.', DISCORD_LIMITS.embedDescription),
    color: answered ? COLOR_ANSWER : COLOR_OUT_OF_SCOPE,
    fields: fields.slice(0, DISCORD_LIMITS.embedFields),
    footer: { text: footer },
  };
  const components = buttons(options, { sources: answered, pin: answered });
  // A refusal in a server offers moderators the "This answers it" choice (src/discord/teach-menu.ts).
  const teachable = result.outcome === 'out_of_scope' && result.language !== 'other' && !options.inDm;
  const menu = teachable ? formatTeachMenu(result.suggestions, options.answerId) : undefined;
  return { embeds: [fitEmbed(embed)], components: menu ? [...components, menu] : components };
}

/** The reply when a moderator-pinned answer matches the question. */
export function formatPinnedAnswerMessage(
  question: string,
  pin: PinnedAnswerView,
  options: AnswerViewOptions,
): MessageBody {
  const fields: APIEmbedField[] = [
    { name: 'Pinned by the moderators', value: `[Original message](${pin.messageUrl})` },
  ];
  if (pin.citations.length > 0) {
    fields.push(
      ...formatListFields('Sources in the guide', formatSourceLines(pin.citations, options.guideUrl), 20),
    );
  }
  const embed: APIEmbed = {
    title: titleFor(question, '📌 '),
    description: truncateText(
      pin.answer || '(the pinned message has no text)',
      DISCORD_LIMITS.embedDescription,
    ),
    color: COLOR_PINNED,
    fields: fields.slice(0, DISCORD_LIMITS.embedFields),
    footer: { text: `Answer pinned by the moderators (pin #${pin.pinId}).` },
  };
  return {
    embeds: [fitEmbed(embed)],
    components: buttons(options, { sources: pin.citations.length > 0, pin: false }),
  };
}

/** The answer so far while a model writes it; edited in at most about once a second. */
export function formatPartialAnswer(question: string, text: string): MessageBody {
  return {
    embeds: [
      {
        title: titleFor(question),
        description: truncateText(`${text} …`, DISCORD_LIMITS.embedDescription),
        color: COLOR_ANSWER,
        footer: { text: 'Writing from the guide…' },
      },
    ],
    components: [],
  };
}

/**
 * The Sources button's ephemeral messages: each cited passage quoted word for word under its section,
 * split into messages of at most 2,000 characters (at most `maxMessages`).
 */
export function formatSourcesMessages(
  citations: readonly Citation[],
  guideUrl: string | undefined,
  maxMessages = 3,
): string[] {
  if (citations.length === 0) return ['This answer has no quoted sources.'];
  const blocks = citations.map((c) => {
    const url = sectionUrl(guideUrl, c.anchor);
    const heading = `**[${c.n}] ${escapeUserText(c.headingPath || c.heading)}**${url ? ` <${url}>` : ''}`;
    const quote = c.quote
      .trim()
      .split('\n')
      .map((line) => `> ${escapeUserText(line)}`)
      .join('\n');
    return `${heading}\n${quote}`;
  });
  const messages: string[] = [];
  let current = '';
  for (const block of blocks) {
    for (const piece of splitText(block, DISCORD_LIMITS.content)) {
      if (current.length > 0 && current.length + 2 + piece.length > DISCORD_LIMITS.content) {
        messages.push(current);
        current = '';
      }
      current = current.length === 0 ? piece : `${current}\n\n${piece}`;
    }
  }
  if (current.length > 0) messages.push(current);
  if (messages.length > maxMessages) {
    const kept = messages.slice(0, maxMessages);
    const last = kept[maxMessages - 1] as string;
    kept[maxMessages - 1] = truncateText(last, DISCORD_LIMITS.content - 40) + '\n*(more sources not shown)*';
    return kept;
  }
  return messages;
}

/** A link to a message in Discord's web client. */
export function messageUrl(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}
