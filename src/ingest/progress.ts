import type { IngestProgress, IngestSummary } from './ingest.js';

const PHASE_LABELS: Record<string, string> = {
  read: 'Reading files',
  split: 'Splitting into sections',
  embed: 'Embedding chunks',
  sentences: 'Embedding answer sentences',
  write: 'Writing the index',
};

/** One line of progress, e.g. "Embedding chunks 120/400 (30%)". */
export function formatProgress(progress: IngestProgress): string {
  const label = PHASE_LABELS[progress.phase] ?? progress.phase;
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100;
  return `${label} ${progress.done}/${progress.total} (${percent}%)`;
}

/** The final summary for people. */
export function formatSummary(summary: IngestSummary): string {
  return [
    `Index built: ${summary.buildId} in ${summary.indexDir}`,
    `  files ${summary.files}, sections ${summary.sections}, chunks ${summary.chunks}`,
    `  embedded ${summary.embedded}, reused ${summary.reused}, embedding requests ${summary.requests}`,
    `  answer sentences ${summary.sentences.count}: embedded ${summary.sentences.embedded}, reused ${summary.sentences.reused}`,
    ...(summary.generatedQuestions ? [formatGenerated(summary.generatedQuestions)] : []),
    `  time ${(summary.ms / 1000).toFixed(2)} s`,
  ].join('\n');
}

function formatGenerated(g: NonNullable<IngestSummary['generatedQuestions']>): string {
  const failed = g.failed > 0 ? `, ${g.failed} sections failed (see the warnings; run again to retry)` : '';
  return `  generated questions ${g.questions} for ${g.sections} sections: written ${g.generated}, reused ${g.reused}${failed}`;
}

/**
 * Progress on one updating line of a terminal (carriage return, cleared line), throttled to ~10 redraws
 * a second. On a non-TTY stream it prints nothing: logs and pipes should not fill with progress lines.
 */
export function createProgressLine(stream: NodeJS.WriteStream): {
  update: (progress: IngestProgress) => void;
  clear: () => void;
} {
  const enabled = Boolean(stream.isTTY);
  let last = 0;
  let lastPhase = '';
  let shown = false;
  return {
    update(progress) {
      if (!enabled) return;
      const now = Date.now();
      // A new phase always shows (the model may load for a second before the first batch lands).
      if (now - last < 100 && progress.done !== progress.total && progress.phase === lastPhase) return;
      last = now;
      lastPhase = progress.phase;
      shown = true;
      stream.write(`\r\x1b[2K${formatProgress(progress)}`);
    },
    clear() {
      if (enabled && shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
