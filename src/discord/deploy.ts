import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { commandRegistrations } from './commands/index.js';

/** Where commands were registered and which. */
export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  guildId?: string;
  names: string[];
}

/**
 * Registers the bot's commands: for one guild when `guildId` is set (instant, for testing), globally
 * otherwise (Discord may take up to an hour to show them everywhere). The application id is read from
 * `GET /applications/@me`, so no extra setting is needed.
 */
export async function deployCommands(options: {
  token: string;
  apiUrl?: string;
  guildId?: string;
}): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, {
    body: commandRegistrations(),
  })) as RESTPutAPIApplicationCommandsResult;
  return {
    scope: options.guildId ? 'guild' : 'global',
    applicationId: application.id,
    ...(options.guildId ? { guildId: options.guildId } : {}),
    names: registered.map((command) => command.name),
  };
}
