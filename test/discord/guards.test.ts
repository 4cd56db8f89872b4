import { PermissionsBitField, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkQuestion, CooldownTracker } from '../../src/discord/guards.js';
import { isModerator } from '../../src/discord/permissions.js';
import { createThrottledEditor } from '../../src/discord/throttle.js';

const config = loadConfig({ ALLOWED_CHANNEL_IDS: 'c1', MAX_QUESTION_LENGTH: '50', COOLDOWN_SECONDS: '10' });
const source = { question: 'What is the pay?', userId: 'u', guildId: 'g', channelId: 'c1' };

describe('checkQuestion', () => {
  it('accepts a question in an allowed channel, its threads, and DMs', () => {
    const cooldowns = new CooldownTracker(10);
    expect(checkQuestion(source, config, cooldowns)).toBeUndefined();
    expect(
      checkQuestion({ ...source, channelId: 't1', parentChannelId: 'c1' }, config, cooldowns),
    ).toBeUndefined();
    expect(
      checkQuestion({ ...source, guildId: undefined, channelId: 'dm' }, config, cooldowns),
    ).toBeUndefined();
  });

  it('refuses other channels, empty and over-long questions, with the outcome to log', () => {
    const cooldowns = new CooldownTracker(10);
    expect(checkQuestion({ ...source, channelId: 'c2' }, config, cooldowns)).toMatchObject({
      reason: 'channel',
      logAs: 'refused',
    });
    expect(checkQuestion({ ...source, question: '   ' }, config, cooldowns)).toMatchObject({
      reason: 'empty',
      logAs: 'invalid',
    });
    expect(checkQuestion({ ...source, question: 'x'.repeat(51) }, config, cooldowns)).toMatchObject({
      reason: 'too_long',
      message: expect.stringMatching(/51 characters; the limit is 50/),
    });
  });

  it('enforces the per-member cooldown and lifts it when it expires', () => {
    let now = 1_000_000;
    const cooldowns = new CooldownTracker(10, () => now);
    cooldowns.record('u');
    now += 3_500;
    expect(checkQuestion(source, config, cooldowns)).toMatchObject({
      reason: 'cooldown',
      message: expect.stringMatching(/wait 7 s/),
    });
    expect(checkQuestion({ ...source, userId: 'other' }, config, cooldowns)).toBeUndefined();
    now += 6_500;
    expect(checkQuestion(source, config, cooldowns)).toBeUndefined();
  });
});

describe('isModerator', () => {
  const perms = (...flags: bigint[]) => new PermissionsBitField(flags);
  it('accepts Manage Messages, Pin Messages, or a configured role; refuses everyone else', () => {
    expect(isModerator(perms(PermissionFlagsBits.ManageMessages), [], [])).toBe(true);
    expect(isModerator(perms(PermissionFlagsBits.PinMessages), [], [])).toBe(true);
    expect(isModerator(perms(PermissionFlagsBits.SendMessages), ['r1'], ['r1'])).toBe(true);
    expect(
      isModerator(perms(PermissionFlagsBits.SendMessages, PermissionFlagsBits.ViewChannel), ['r2'], ['r1']),
    ).toBe(false);
    expect(isModerator(null, [], [])).toBe(false);
  });
});

describe('createThrottledEditor', () => {
  it('edits at most once per interval with the latest text, and not after close', async () => {
    vi.useFakeTimers();
    try {
      const edits: string[] = [];
      const editor = createThrottledEditor(async (text) => void edits.push(text), {
        intervalMs: 1000,
        now: () => Date.now(),
      });
      editor.push('a');
      await vi.advanceTimersByTimeAsync(0);
      editor.push('a b');
      editor.push('a b c');
      await vi.advanceTimersByTimeAsync(500);
      expect(edits).toEqual(['a']);
      await vi.advanceTimersByTimeAsync(500);
      expect(edits).toEqual(['a', 'a b c']);
      editor.push('a b c d');
      await editor.close();
      await vi.advanceTimersByTimeAsync(5000);
      expect(edits).toEqual(['a', 'a b c']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps going after a failed edit', async () => {
    vi.useFakeTimers();
    try {
      const errors: unknown[] = [];
      let calls = 0;
      const editor = createThrottledEditor(
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('500');
        },
        { intervalMs: 100, onError: (e) => errors.push(e) },
      );
      editor.push('x');
      await vi.advanceTimersByTimeAsync(0);
      editor.push('y');
      await vi.advanceTimersByTimeAsync(200);
      expect(calls).toBe(2);
      expect(errors).toHaveLength(1);
      await editor.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
