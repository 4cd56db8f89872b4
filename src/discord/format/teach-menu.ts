import {
  ActionRowBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { sectionId } from '../../core/retrieval/sections.js';
import type { SectionRef } from '../../core/types.js';
import { formatTeachAnswerMenuId, formatTeachMenuId } from './custom-ids.js';
import { truncateText } from './split-text.js';

/** Discord's limits on a string select: 25 options, 100 characters per label, description and value. */
const MAX_OPTIONS = 25;
const MAX_OPTION_TEXT = 100;

export const TEACH_MENU_PLACEHOLDER = 'Moderators: this section answers it…';

/**
 * The "This answers it" choice under a refusal: a string select listing the suggested sections. A
 * moderator's choice teaches the bot that the section answers the logged question (as `/teach` does).
 * One menu rather than a button per section: the headings are long questions, and a select shows them
 * whole (up to 100 characters) where a button label would cut them to a few words.
 */
export function formatTeachMenu(
  suggestions: readonly SectionRef[],
  answerId: number,
): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  const seen = new Set<string>();
  const options = suggestions.flatMap((section) => {
    const value = sectionId(section);
    if (seen.has(value)) return [];
    seen.add(value);
    const option = new StringSelectMenuOptionBuilder()
      .setLabel(truncateText(section.heading.trim() || section.anchor, MAX_OPTION_TEXT))
      .setValue(value);
    if (section.headingPath && section.headingPath !== section.heading)
      option.setDescription(truncateText(section.headingPath, MAX_OPTION_TEXT));
    return [option];
  });
  return selectRow(formatTeachMenuId(answerId), TEACH_MENU_PLACEHOLDER, options);
}

/** One string select of one choice in a row, its options cut to Discord's 25; none without options. */
function selectRow(
  customId: string,
  placeholder: string,
  options: readonly StringSelectMenuOptionBuilder[],
): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  if (options.length === 0) return undefined;
  const menu = new StringSelectMenuBuilder()
    .setCustomId(customId)
    .setPlaceholder(placeholder)
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(options.slice(0, MAX_OPTIONS));
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu).toJSON();
}

export const TEACH_ANSWER_PLACEHOLDER = 'Optional: the sentence that answers it…';

/**
 * The second step of "This answers it", under the moderator's confirmation: the taught section's
 * sentences (those closest to the question first, at most 25), to say which one answers, as
 * `/teach … answer:` does. Undefined when the section has none.
 */
export function formatTeachAnswerMenu(
  choices: readonly { index: number; text: string }[],
  taughtId: number,
): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  const options = choices.map((choice) =>
    new StringSelectMenuOptionBuilder()
      .setLabel(truncateText(choice.text.replace(/\*\*/g, '').trim(), MAX_OPTION_TEXT))
      .setValue(String(choice.index)),
  );
  return selectRow(formatTeachAnswerMenuId(taughtId), TEACH_ANSWER_PLACEHOLDER, options);
}
