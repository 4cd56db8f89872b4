import { describe, expect, it } from 'vitest';
import { escapeUserText, stripBotMention } from '../../../src/discord/format/escape.js';

describe('escapeUserText', () => {
  it('defuses @everyone, @here and user, role and channel mentions', () => {
    const escaped = escapeUserText('@everyone @here <@123> <@!456> <@&789> <#42> hi');
    expect(escaped).not.toMatch(/@everyone|@here|<@\d|<@!\d|<@&\d|<#\d/);
    expect(escaped.replace(/\u200b/g, '')).toBe('@everyone @here <@123> <@!456> <@&789> <#42> hi');
  });

  it('escapes markdown so it shows as typed', () => {
    expect(escapeUserText('**bold** _it_ `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
  });
});

describe('stripBotMention', () => {
  it('removes both mention forms of the bot and keeps other text', () => {
    expect(stripBotMention('<@99> what is the pay? <@!99>', '99')).toBe('what is the pay?');
    expect(stripBotMention('<@98> hi', '99')).toBe('<@98> hi');
  });
});
