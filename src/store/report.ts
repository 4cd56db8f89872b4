import type { DownvotedRow, ReportRow } from './types.js';

/**
 * The text of `npm run report`: what the guide's maintainers should look at next. Questions the guide
 * could not answer, then answers members voted down, each most frequent first.
 */
export function formatReport(report: { unanswered: ReportRow[]; downvoted: DownvotedRow[] }): string {
  const lines: string[] = [];
  const oneLine = (text: string, max: number) => {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  lines.push('Questions the guide could not answer (most asked first):');
  if (report.unanswered.length === 0) lines.push('  (none)');
  for (const row of report.unanswered) {
    lines.push(
      `  ${String(row.count).padStart(4)} × ${oneLine(row.question, 100)}  (last ${row.lastAskedAt.slice(0, 10)})`,
    );
  }
  lines.push('');
  lines.push('Answers voted down (most down votes first):');
  if (report.downvoted.length === 0) lines.push('  (none)');
  for (const row of report.downvoted) {
    lines.push(
      `  ${String(row.downVotes).padStart(4)} 👎 ${String(row.upVotes).padStart(3)} 👍  ${oneLine(row.question, 100)}`,
    );
    if (row.answer) lines.push(`         answer: ${oneLine(row.answer, 140)}`);
  }
  return `${lines.join('\n')}\n`;
}
