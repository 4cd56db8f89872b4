import type {
  ChatInputCommandInteraction,
  Client,
  REST,
  ContextMenuCommandBuilder,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { AskService } from '../app/ask-service.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { PinMatcher } from '../store/pin-matcher.js';
import type { Store } from '../store/types.js';
import type { CooldownTracker } from './guards.js';
import type { ReplyPlanner } from './reply-planner.js';

/** The settings the handlers read (the token stays with the connection; see `BotDeps`). */
export type BotConfig = Pick<
  Config,
  | 'GUIDE_URL'
  | 'MODERATOR_ROLE_IDS'
  | 'ALLOWED_CHANNEL_IDS'
  | 'COOLDOWN_SECONDS'
  | 'PRIVATE_BY_DEFAULT'
  | 'REPLY_BUDGET_MS'
  | 'REPLY_DEFER_ABOVE'
  | 'MAX_QUESTION_LENGTH'
  | 'PIN_MATCH_THRESHOLD'
>;

/** Everything a handler needs, passed in rather than imported. */
export interface BotContext {
  readonly config: BotConfig;
  /** Whether a new question is answered in one response or deferred first (see ReplyPlanner). */
  readonly replies: ReplyPlanner;
  /** Pins first, then the guide, then the log. */
  readonly asker: AskService;
  readonly store: Store;
  readonly pins: PinMatcher;
  readonly logger: Logger;
  readonly cooldowns: CooldownTracker;
  readonly client: Client;
  /** REST for interaction webhooks (editing deferred answers in), outside the 50/s global limiter. */
  readonly interactionRest: REST;
  /** False once shutdown has begun: new questions get a short "restarting" reply. */
  readonly accepting: () => boolean;
  /** Counts answers and refusals (GET /metrics); absent in tests that do not look. */
  readonly metrics?: Metrics;
}

/** Anything with a name that serializes to a command registration body (the discord.js builders). */
interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

/** A slash command: plain data (a builder) plus what it does. */
export interface SlashCommand {
  readonly kind: 'slash';
  readonly data: CommandData;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
}

/** A message context-menu command (right-click a message > Apps). */
export interface MessageMenuCommand {
  readonly kind: 'message';
  readonly data: ContextMenuCommandBuilder;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

/** Every command module exports one of these, checked with `satisfies Command`. */
export type Command = SlashCommand | MessageMenuCommand;
