import { describe, expect, it } from 'vitest';
import { ReplyPlanner } from '../../src/discord/reply-planner.js';

describe('ReplyPlanner', () => {
  it('answers in one response while few questions are in progress, and defers at once past the limit', () => {
    const planner = new ReplyPlanner(2);
    const first = planner.begin();
    const second = planner.begin();
    const third = planner.begin();
    expect([first.deferNow, second.deferNow, third.deferNow]).toEqual([false, false, true]);
    first.end();
    first.end(); // ending twice counts once
    expect(planner.size).toBe(2);
    expect(planner.begin().deferNow).toBe(true);
    second.end();
    third.end();
    expect(planner.begin().deferNow).toBe(false);
  });

  it('defers every question when the limit is 0', () => {
    expect(new ReplyPlanner(0).begin().deferNow).toBe(true);
  });
});
