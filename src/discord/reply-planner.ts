/**
 * Decides, per question, whether to try answering in one response or to defer first. One response is
 * faster (no edit behind discord.js's global rate limit), but while many questions are being answered
 * at once the event loop is busy with their work, so a deferral timer could fire too late for Discord's
 * 3-second deadline. Past `deferAbove` questions in progress, a new question is therefore deferred the
 * moment it arrives, before any of its work starts: acknowledging never waits for an answer.
 */
export class ReplyPlanner {
  private inProgress = 0;
  constructor(private readonly deferAbove: number) {}

  /** Starts a question; `deferNow` says whether to defer before answering. Call `end` when it is done. */
  begin(): { deferNow: boolean; end: () => void } {
    const deferNow = this.inProgress >= this.deferAbove;
    this.inProgress++;
    let ended = false;
    return {
      deferNow,
      end: () => {
        if (!ended) this.inProgress--;
        ended = true;
      },
    };
  }

  /** Questions being answered now. */
  get size(): number {
    return this.inProgress;
  }
}
