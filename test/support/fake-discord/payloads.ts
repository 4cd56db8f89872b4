import { guildOfChannel, IDS, nextId } from './ids.js';

/**
 * Builders of complete gateway payloads (as Discord sends them), so the bot's real discord.js client
 * parses them exactly as it would in production. Only the fields discord.js reads are filled in.
 */

// Permission bits (https://discord.com/developers/docs/topics/permissions)
export const PERMISSIONS = Object.freeze({
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageMessages: 1n << 13n,
  embedLinks: 1n << 14n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
  sendMessagesInThreads: 1n << 38n,
  pinMessages: 1n << 51n,
});

/** What an ordinary member may do in a channel. */
export const MEMBER_PERMISSIONS =
  PERMISSIONS.viewChannel |
  PERMISSIONS.sendMessages |
  PERMISSIONS.embedLinks |
  PERMISSIONS.readMessageHistory |
  PERMISSIONS.useApplicationCommands |
  PERMISSIONS.sendMessagesInThreads;
export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | PERMISSIONS.manageMessages;
const BOT_PERMISSIONS = MODERATOR_PERMISSIONS | PERMISSIONS.pinMessages;

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export function user(id: string, username: string, bot = false): FakeUser {
  return {
    id,
    username,
    global_name: username,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

export const USERS = Object.freeze({
  bot: user(IDS.bot, 'guidebot', true),
  member: user(IDS.member, 'alice'),
  otherMember: user(IDS.otherMember, 'bob'),
  moderator: user(IDS.moderator, 'mod'),
  otherBot: user(IDS.otherBot, 'otherbot', true),
});

const timestamp = () => new Date().toISOString();

export function textChannel(id: string, name: string, guildId: string = IDS.guild) {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function threadChannel(id: string, parentId: string, name: string) {
  return {
    id,
    type: 11,
    guild_id: IDS.guild,
    parent_id: parentId,
    name,
    owner_id: IDS.member,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: timestamp(),
      locked: false,
    },
    flags: 0,
  };
}

export function channelById(id: string) {
  if (id === IDS.thread) return threadChannel(IDS.thread, IDS.channel, 'pay-questions');
  if (id === IDS.otherChannel) return textChannel(IDS.otherChannel, 'off-topic');
  if (id === IDS.secondChannel) return textChannel(IDS.secondChannel, 'help', IDS.secondGuild);
  return textChannel(id, 'help');
}

/** What differs between the fake's guilds: the first has two channels and a thread, the second one channel. */
function guildWorld(guildId: string) {
  if (guildId === IDS.secondGuild)
    return {
      name: 'Second Test Server',
      moderatorRole: IDS.secondRoleModerator,
      botRole: '500000000000000019',
      channels: [textChannel(IDS.secondChannel, 'help', IDS.secondGuild)],
      threads: [] as ReturnType<typeof threadChannel>[],
    };
  return {
    name: 'Guide Test Server',
    moderatorRole: IDS.roleModerator,
    botRole: '500000000000000009',
    channels: [textChannel(IDS.channel, 'help'), textChannel(IDS.otherChannel, 'off-topic')],
    threads: [threadChannel(IDS.thread, IDS.channel, 'pay-questions')],
  };
}

/**
 * The full guild the fake sends in GUILD_CREATE: roles (@everyone = guild id), channels, a thread, the bot
 * as member. `IDS.guild` by default; `IDS.secondGuild` for sharded tests.
 */
export function guildCreate(guildId: string = IDS.guild) {
  const world = guildWorld(guildId);
  return {
    id: guildId,
    name: world.name,
    icon: null,
    owner_id: IDS.moderator,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: guildId,
        name: '@everyone',
        permissions: MEMBER_PERMISSIONS.toString(),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: world.moderatorRole,
        name: 'Moderators',
        permissions: '0',
        position: 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: world.botRole,
        name: 'guidebot',
        permissions: BOT_PERMISSIONS.toString(),
        position: 2,
        color: 0,
        hoist: false,
        managed: true,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: world.channels,
    threads: world.threads,
    members: [
      {
        user: USERS.bot,
        roles: [world.botRole],
        joined_at: timestamp(),
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    member_count: 4,
    large: false,
    unavailable: false,
    joined_at: timestamp(),
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    premium_subscription_count: 0,
  };
}

/** A message object as Discord returns and dispatches it. */
export function messageObject(input: {
  id?: string;
  channelId: string;
  guildId?: string | null;
  author: FakeUser;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  mentions?: FakeUser[];
  referenceMessageId?: string;
  flags?: number;
  interactionId?: string;
}) {
  const guildId =
    input.guildId === undefined ? (guildOfChannel(input.channelId) ?? IDS.guild) : input.guildId;
  return {
    id: input.id ?? nextId(),
    type: input.referenceMessageId ? 19 : 0,
    channel_id: input.channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: input.author,
    ...(guildId && !input.author.bot
      ? { member: { roles: [], joined_at: timestamp(), deaf: false, mute: false, flags: 0 } }
      : {}),
    content: input.content ?? '',
    timestamp: timestamp(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: input.mentions ?? [],
    mention_roles: [],
    mention_channels: [],
    attachments: [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    flags: input.flags ?? 0,
    ...(input.referenceMessageId
      ? {
          message_reference: {
            type: 0,
            message_id: input.referenceMessageId,
            channel_id: input.channelId,
            ...(guildId ? { guild_id: guildId } : {}),
          },
        }
      : {}),
    ...(input.interactionId ? { webhook_id: IDS.application, application_id: IDS.application } : {}),
    // Gateway MESSAGE_CREATE carries the channel type; discord.js needs it to build an uncached DM channel.
    channel_type: guildId ? (input.channelId === IDS.thread ? 11 : 0) : 1,
  };
}

export type FakeMessage = ReturnType<typeof messageObject>;

/** A member's message. `mentionsBot` puts `<@bot>` in front and the bot in `mentions`, as the Discord client does. */
export function userMessage(
  text: string,
  options: {
    mentionsBot?: boolean;
    channelId?: string;
    author?: FakeUser;
    dm?: boolean;
    replyTo?: string;
  } = {},
): FakeMessage {
  const dm = options.dm ?? false;
  const mentionsBot = options.mentionsBot ?? !dm;
  const channelId = options.channelId ?? (dm ? IDS.dmChannel : IDS.channel);
  return messageObject({
    channelId,
    guildId: dm ? null : (guildOfChannel(channelId) ?? IDS.guild),
    author: options.author ?? USERS.member,
    content: mentionsBot ? `<@${IDS.bot}> ${text}` : text,
    mentions: mentionsBot ? [USERS.bot] : [],
    ...(options.replyTo ? { referenceMessageId: options.replyTo } : {}),
  });
}

interface InteractionOptions {
  user?: FakeUser;
  /** Channel permissions of the member (what Discord computes into `member.permissions`). */
  permissions?: bigint;
  roles?: string[];
  channelId?: string;
}

function interactionBase(type: number, options: InteractionOptions) {
  const channelId = options.channelId ?? IDS.channel;
  // The channel decides the guild (`IDS.secondChannel` is in `IDS.secondGuild`).
  const guildId = guildOfChannel(channelId) ?? IDS.guild;
  const member = options.user ?? USERS.member;
  return {
    id: nextId(),
    application_id: IDS.application,
    type,
    token: `itoken-${nextId()}`,
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: channelById(channelId),
    member: {
      user: member,
      roles: options.roles ?? [],
      permissions: (options.permissions ?? MEMBER_PERMISSIONS).toString(),
      joined_at: timestamp(),
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    },
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: BOT_PERMISSIONS.toString(),
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 8_388_608,
  };
}

export type CommandOption = {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
};

/** A slash command. `options` maps option names to values (strings, booleans, integers); use `subcommand` for /pins. */
export function slashCommand(
  name: string,
  options: Record<string, string | number | boolean> = {},
  extra: InteractionOptions & { subcommand?: string } = {},
) {
  const typed: CommandOption[] = Object.entries(options).map(([key, value]) => ({
    name: key,
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3,
    value,
  }));
  const ids: Record<string, string> = { ask: IDS.askCommand, pins: IDS.pinsCommand };
  return {
    ...interactionBase(2, extra),
    data: {
      id: ids[name] ?? nextId(),
      name,
      type: 1,
      options: extra.subcommand ? [{ name: extra.subcommand, type: 1, options: typed }] : typed,
    },
  };
}

/** A button press on `message` (the full message, as Discord sends it). */
export function button(customId: string, message: FakeMessage, extra: InteractionOptions = {}) {
  return {
    ...interactionBase(3, { channelId: message.channel_id, ...extra }),
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}

/** A choice in a string select menu on `message` (`values`: the chosen options' values). */
export function stringSelect(
  customId: string,
  values: string[],
  message: FakeMessage,
  extra: InteractionOptions = {},
) {
  return {
    ...interactionBase(3, { channelId: message.channel_id, ...extra }),
    message,
    data: { custom_id: customId, component_type: 3, values },
  };
}

/** A message context-menu command (right-click > Apps > name) on `message`. */
export function messageContextMenu(name: string, message: FakeMessage, extra: InteractionOptions = {}) {
  return {
    ...interactionBase(2, { channelId: message.channel_id, ...extra }),
    data: {
      id: IDS.pinAsAnswerCommand,
      name,
      type: 3,
      target_id: message.id,
      resolved: { messages: { [message.id]: message } },
    },
  };
}

export type InteractionPayload =
  | ReturnType<typeof slashCommand>
  | ReturnType<typeof button>
  | ReturnType<typeof stringSelect>
  | ReturnType<typeof messageContextMenu>;
