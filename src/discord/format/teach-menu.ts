import {
  ActionRowBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { sectionId } from '../../core/retrieval/sections.js';
import type { SectionRef } from '../../core/types.js';
import { formatTeachMenuId } from './custom-ids.js';
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
  if (options.length === 0) return undefined;
  const menu = new StringSelectMenuBuilder()
    .setCustomId(formatTeachMenuId(answerId))
    .setPlaceholder(TEACH_MENU_PLACEHOLDER)
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(options.slice(0, MAX_OPTIONS));
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu).toJSON();
}
