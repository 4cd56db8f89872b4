import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('store settings', () => {
  it('keeps 90 days and 100,000 questions by default, and takes 0 as "no limit"', () => {
    expect(loadConfig({})).toMatchObject({ QUESTION_LOG_MAX_AGE_DAYS: 90, QUESTION_LOG_MAX_ROWS: 100_000 });
    expect(loadConfig({ QUESTION_LOG_MAX_AGE_DAYS: '0', QUESTION_LOG_MAX_ROWS: '0' })).toMatchObject({
      QUESTION_LOG_MAX_AGE_DAYS: 0,
      QUESTION_LOG_MAX_ROWS: 0,
    });
  });

  it('refuses a negative or fractional retention limit, naming the setting', () => {
    expect(() => loadConfig({ QUESTION_LOG_MAX_AGE_DAYS: '-1' })).toThrowError(/QUESTION_LOG_MAX_AGE_DAYS/);
    expect(() => loadConfig({ QUESTION_LOG_MAX_ROWS: '2.5' })).toThrowError(ConfigError);
  });
});
