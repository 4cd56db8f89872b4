import type { AskService } from '../app/ask-service.js';
import type { Metrics } from './metrics.js';

/**
 * The bot's ask service, counted: every question that reaches answering adds to
 * `guidebot_answers_total{outcome}` (answered, out_of_scope, invalid from the guide; pinned; error when
 * answering threw) and its time to `guidebot_answer_seconds`. A decorator, so the service itself (shared
 * with the command line) knows nothing of metrics.
 */
export function measureAnswers(asker: AskService, metrics: Metrics): AskService {
  return {
    citationsFor: (question) => asker.citationsFor(question),
    teach: (lesson) => asker.teach(lesson),
    sentenceChoices: (question, section, max) => asker.sentenceChoices(question, section, max),
    teachAnswer: (choice) => asker.teachAnswer(choice),
    async ask(request) {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const output = await asker.ask(request);
        metrics.observeAnswer(output.kind === 'pinned' ? 'pinned' : output.result.outcome, seconds());
        return output;
      } catch (error) {
        metrics.observeAnswer('error', seconds());
        throw error;
      }
    },
  };
}
