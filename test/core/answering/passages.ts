import type { RetrievedPassage } from '../../../src/core/types.js';

/** Three retrieved passages shaped like the guide's, for prompt and writer tests. */
export function samplePassages(): RetrievedPassage[] {
  const passage = (n: number, heading: string, headingPath: string, text: string): RetrievedPassage => ({
    chunkId: `guide.md#${heading.toLowerCase().replace(/\W+/g, '-')}:0`,
    source: 'guide.md',
    heading,
    headingPath,
    anchor: heading.toLowerCase().replace(/\W+/g, '-'),
    text,
    score: 1 / n,
  });
  return [
    passage(
      1,
      'Daily duties',
      'The role › Daily duties',
      'Medical administrative assistants greet patients, schedule appointments and keep records.',
    ),
    passage(
      2,
      'Certification',
      'Getting started › Certification',
      'The CMAA exam from the NHA is a common certification {for example}.',
    ),
    passage(3, 'Pay', 'Career › Pay', 'Pay varies by region; clinics with <50 staff often pay less.'),
  ];
}
