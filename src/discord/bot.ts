import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  type ClientOptions,
  type Interaction,
  type RESTOptions,
} from 'discord.js';
import type { AskService } from '../app/ask-service.js';
import type { PinMatcher } from '../store/pin-matcher.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { Metrics } from '../ops/metrics.js';
import { measureAnswers } from '../ops/measure-answers.js';
import { handleButton } from './buttons.js';
import { ReplyPlanner } from './reply-planner.js';
import { COMMANDS } from './commands/index.js';
import { CooldownTracker } from './guards.js';
import { attachLifecycleLogs } from './lifecycle.js';
import { handleMessage } from './messages.js';
import { handleTeachMenu } from './teach-menu.js';
import { apologize } from './replies.js';
import { createInteractionRest } from './interaction-rest.js';
import type { BotConfig, BotContext } from './types.js';

/** What the bot is built from; the composition root (src/main.ts) or a test passes them in. */
export interface BotDeps {
  config: BotConfig;
  /** Where and as whom to connect; kept out of the handlers' context so no handler holds the token. */
  connection: {
    token: string | undefined;
    apiUrl?: string | undefined;
    /** The shards this process serves (src/discord/shards.ts); absent = one unsharded connection. */
    shards?: Pick<ClientOptions, 'shards' | 'shardCount'>;
  };
  asker: AskService;
  store: Store;
  pins: PinMatcher;
  logger: Logger;
  /** REST overrides (tests shorten `timeout` and `retries`). `api` comes from `DISCORD_API_URL`. */
  rest?: Partial<RESTOptions>;
  /** Clock for the cooldown (tests). */
  now?: () => number;
  /** Answers, refusals and gateway events are counted here when given. */
  metrics?: Metrics;
}

export interface Bot {
  readonly client: Client;
  /** Logs in and resolves once the client is ready. */
  start(): Promise<void>;
  /** Stops taking questions, waits for the ones in flight, then logs out. */
  stop(): Promise<void>;
  /** Handlers running now. */
  readonly inFlight: number;
}

/**
 * Builds the bot: a discord.js client with Guilds, GuildMessages and DirectMessages intents (no
 * privileged intent: messages that mention the bot and DMs carry their content) and its handlers.
 * Nothing connects until `start()`.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, logger } = deps;
  const rest: Partial<RESTOptions> = {
    ...(deps.connection.apiUrl ? { api: deps.connection.apiUrl } : {}),
    ...deps.rest,
  };
  const options: ClientOptions = {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message; without the partial those messages are dropped.
    partials: [Partials.Channel],
    rest,
    allowedMentions: { parse: [], repliedUser: false },
    ...deps.connection.shards,
  };
  const client = new Client(options);
  let accepting = true;
  const running = new Set<Promise<void>>();

  const ctx: BotContext = {
    config,
    asker: deps.metrics ? measureAnswers(deps.asker, deps.metrics) : deps.asker,
    replies: new ReplyPlanner(config.REPLY_DEFER_ABOVE),
    store: deps.store,
    pins: deps.pins,
    logger,
    cooldowns: new CooldownTracker(config.COOLDOWN_SECONDS, deps.now),
    client,
    interactionRest: createInteractionRest(rest),
    accepting: () => accepting,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };

  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => track(dispatchInteraction(interaction, ctx)));
  client.on(Events.MessageCreate, (message) =>
    track(
      handleMessage(message, ctx).catch((error: unknown) => {
        logger.error({ err: error, messageId: message.id }, 'message handler failed');
      }),
    ),
  );
  // An unhandled 'error' event would crash the process; log it and keep running.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord client warning'));
  attachLifecycleLogs(client, logger, deps.metrics);

  return {
    client,
    get inFlight() {
      return running.size;
    },
    async start() {
      const { token } = deps.connection;
      if (!token) throw new Error('DISCORD_TOKEN is not set');
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot is ready');
    },
    async stop() {
      accepting = false;
      if (running.size > 0) logger.info({ inFlight: running.size }, 'finishing questions in flight');
      while (running.size > 0) await Promise.allSettled([...running]);
      await client.destroy();
      logger.info('bot logged out');
    },
  };
}

async function dispatchInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = COMMANDS.find((c) => c.kind === 'slash' && c.data.name === interaction.commandName);
      if (command?.kind === 'slash') await command.execute(interaction, ctx);
      else ctx.logger.warn({ command: interaction.commandName }, 'unknown slash command');
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = COMMANDS.find((c) => c.kind === 'message' && c.data.name === interaction.commandName);
      if (command?.kind === 'message') await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      await handleButton(interaction, ctx);
    } else if (interaction.isStringSelectMenu()) {
      await handleTeachMenu(interaction, ctx);
    }
  } catch (error) {
    // The handlers catch their own failures; this is the last line, e.g. a deferral that failed.
    if (interaction.isRepliable()) await apologize(ctx, interaction, error, 'interaction');
    else ctx.logger.error({ err: error }, 'interaction handler failed');
  }
}
