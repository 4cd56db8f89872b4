import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/store/report.js';

describe('formatReport', () => {
  it('lists unanswered questions and down-voted answers with their counts, in the order given', () => {
    const text = formatReport({
      unanswered: [
        { question: 'Can I work from the moon?', count: 3, lastAskedAt: '2026-11-27T05:00:00.000Z' },
        { question: 'Who won?', count: 1, lastAskedAt: '2026-11-26T05:00:00.000Z' },
      ],
      downvoted: [
        { question: 'Where can I work?', answer: 'Clinics.\nHospitals.', downVotes: 2, upVotes: 1 },
      ],
    });
    expect(text).toMatch(
      /could not answer[^\n]*\n\s+3 × Can I work from the moon\? {2}\(last 2026-11-27\)\n\s+1 × Who won\?/,
    );
    expect(text).toMatch(
      /voted down[^\n]*\n\s+2 👎\s+1 👍 {2}Where can I work\?\n\s+answer: Clinics\. Hospitals\./,
    );
  });

  it('says (none) when there is nothing to report', () => {
    expect(formatReport({ unanswered: [], downvoted: [] }).match(/\(none\)/g)).toHaveLength(2);
  });
});
