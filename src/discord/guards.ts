import type { BotConfig } from './types.js';
import { REPLIES } from './format/refusals.js';

/** Remembers when each member last asked, to enforce `COOLDOWN_SECONDS`. In memory: a restart resets it. */
export class CooldownTracker {
  readonly #last = new Map<string, number>();
  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the member must still wait (rounded up), or 0. */
  remaining(userId: string): number {
    const last = this.#last.get(userId);
    if (last === undefined || this.seconds <= 0) return 0;
    const left = last + this.seconds * 1000 - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Starts the member's cooldown (called when a question is accepted). */
  record(userId: string): void {
    if (this.seconds <= 0) return;
    this.#last.set(userId, this.now());
    // Forget expired entries now and then so the map does not grow with every member ever seen.
    if (this.#last.size > 10_000) {
      for (const [id] of this.#last) if (this.remaining(id) === 0) this.#last.delete(id);
    }
  }
}

export interface QuestionSource {
  question: string;
  userId: string;
  /** Undefined in a DM. */
  guildId: string | undefined;
  channelId: string;
  /** The parent channel when the question comes from a thread (the allow-list covers its threads). */
  parentChannelId?: string | null;
}

/** Why a question is refused before it reaches the guide; `logAs` is its outcome in the question log. */
export interface Refusal {
  reason: 'channel' | 'empty' | 'too_long' | 'cooldown';
  message: string;
  logAs: 'invalid' | 'refused';
}

/**
 * Applies the abuse limits in order: channel allow-list (guild channels and their threads only; DMs are
 * always allowed), empty question, maximum length, per-member cooldown. Pure apart from reading the
 * cooldown tracker; call `cooldowns.record` once the question is accepted.
 */
export function checkQuestion(
  source: QuestionSource,
  config: BotConfig,
  cooldowns: CooldownTracker,
): Refusal | undefined {
  const allowed = config.ALLOWED_CHANNEL_IDS;
  if (source.guildId !== undefined && allowed.length > 0) {
    const inList =
      allowed.includes(source.channelId) ||
      (source.parentChannelId ? allowed.includes(source.parentChannelId) : false);
    if (!inList) return { reason: 'channel', message: REPLIES.channelNotAllowed, logAs: 'refused' };
  }
  const question = source.question.trim();
  if (question.length === 0) return { reason: 'empty', message: REPLIES.empty, logAs: 'invalid' };
  if (question.length > config.MAX_QUESTION_LENGTH) {
    return {
      reason: 'too_long',
      message: REPLIES.tooLong(config.MAX_QUESTION_LENGTH, question.length),
      logAs: 'invalid',
    };
  }
  const wait = cooldowns.remaining(source.userId);
  if (wait > 0) return { reason: 'cooldown', message: REPLIES.cooldown(wait), logAs: 'refused' };
  return undefined;
}
