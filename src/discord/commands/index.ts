import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../types.js';
import { askCommand } from './ask.js';
import { pinAsAnswerCommand } from './pin-as-answer.js';
import { pinsCommand } from './pins.js';
import { teachCommand } from './teach.js';

/** Every command the bot registers and handles. */
export const COMMANDS: readonly Command[] = [askCommand, pinsCommand, pinAsAnswerCommand, teachCommand];

/** The registration bodies for `PUT /applications/{app}/commands` (see scripts/deploy-commands.ts). */
export function commandRegistrations(): RESTPostAPIApplicationCommandsJSONBody[] {
  return COMMANDS.map((command) => command.data.toJSON());
}
