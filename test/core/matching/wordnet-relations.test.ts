import { beforeAll, describe, expect, it } from 'vitest';
import { loadWordRelations, type WordRelations } from '../../../src/core/matching/wordnet-relations.js';

describe('loadWordRelations', () => {
  let relations: WordRelations;
  beforeAll(async () => {
    relations = await loadWordRelations();
  });

  it('finds opposites through inflections, both ways ("highest" / "lowest", "easiest" / "hardest")', () => {
    for (const [a, b] of [
      ['highest', 'lowest'],
      ['most', 'least'],
      ['urban', 'rural'],
      ['cheap', 'expensive'],
      ['easiest', 'hardest'],
    ] as const) {
      expect(relations.areOpposites(a, b), `${a} / ${b}`).toBe(true);
      expect(relations.areOpposites(b, a), `${b} / ${a}`).toBe(true);
    }
  });

  it('does not call different or similar words opposites', () => {
    for (const [a, b] of [
      ['degree', 'license'],
      ['salary', 'pay'],
      ['cheap', 'affordable'],
      ['benefits', 'challenges'],
    ] as const)
      expect(relations.areOpposites(a, b), `${a} / ${b}`).toBe(false);
  });

  it('links nouns when one is the other or a kind of it, and not two kinds side by side', () => {
    expect(relations.kindRelation('physician', 'doctors')).toBe('linked');
    expect(relations.kindRelation('associations', 'organizations')).toBe('linked');
    expect(relations.kindRelation('salary', 'wages')).toBe('linked');
    expect(relations.kindRelation('school', 'college')).toBe('unlinked');
    expect(relations.kindRelation('hospitals', 'clinics')).toBe('unlinked');
    expect(relations.kindRelation('certification', 'license')).toBe('unlinked');
  });

  it('says nothing about words that are mostly verbs or adjectives, or unknown', () => {
    expect(relations.kindRelation('look', 'check')).toBeUndefined();
    expect(relations.kindRelation('cheap', 'affordable')).toBeUndefined();
    expect(relations.kindRelation('cmaa', 'cpc')).toBeUndefined();
  });

  it('is case-insensitive', () => {
    expect(relations.areOpposites('Highest', 'LOWEST')).toBe(true);
    expect(relations.kindRelation('School', 'College')).toBe('unlinked');
  });
});
