import { afterEach, describe, expect, it } from 'vitest';
import { startEnv, startHeapFlags } from '../../scripts/bench/discord/bots.js';

/** The Discord bench starts the bot as `npm start` does: its heap flags and its environment, read from package.json. */
describe("the bench reads npm start's settings", () => {
  const saved = process.env.MALLOC_ARENA_MAX;
  afterEach(() => {
    if (saved === undefined) delete process.env.MALLOC_ARENA_MAX;
    else process.env.MALLOC_ARENA_MAX = saved;
  });

  it('sets two malloc arenas by default, and what the environment says otherwise', () => {
    delete process.env.MALLOC_ARENA_MAX;
    expect(startEnv()).toEqual({ MALLOC_ARENA_MAX: '2' });
    process.env.MALLOC_ARENA_MAX = '4';
    expect(startEnv()).toEqual({ MALLOC_ARENA_MAX: '4' });
  });

  it('passes the heap limits, not the flags mistaken for environment variables', () => {
    expect(startHeapFlags()).toContain('--max-semi-space-size=2');
    expect(Object.keys(startEnv())).not.toContain('size');
  });
});
