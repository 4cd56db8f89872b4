import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitIntoSections } from '../../src/ingest/split.js';

/** The guide every question set is built from. */
export const GUIDE_FILE = 'medical-administrative-assistant-guide.md';

/** The eval sets' questions (dev, then team), each once, in file order. */
export function loadEvalQuestions(
  files = ['eval/dev-questions.jsonl', 'eval/team-questions.jsonl'],
): string[] {
  const found = new Set<string>();
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const q = (JSON.parse(line) as { q?: string }).q;
      if (q) found.add(q);
    }
  }
  return [...found];
}

function loadHeadings(guideDir: string): string[] {
  const text = readFileSync(path.join(guideDir, GUIDE_FILE), 'utf8');
  return splitIntoSections(text, GUIDE_FILE).map((s) => s.heading);
}

/** >= 200 distinct questions: the eval sets, then questions built from every section heading. */
export function buildQuestions(guideDir: string): string[] {
  const found = new Set<string>(loadEvalQuestions());
  const headings = loadHeadings(guideDir);
  const templates = [
    (h: string) => h,
    (h: string) => `What does the guide say about this: ${h.toLowerCase()}`,
    (h: string) => `Quick question, ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `Tell me: ${h}`,
    (h: string) => `${h.replace(/\?$/, '')} in 2025?`,
    (h: string) => `I'm new here. ${h}`,
    (h: string) => `Can you explain ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `${h} Thanks!`,
  ];
  for (const template of templates) for (const h of headings) found.add(template(h));
  const outOfScope = [
    'What is the capital of France?',
    'How do I bake sourdough bread?',
    'Who won the 2018 World Cup?',
    'How do I fix a flat bicycle tyre?',
  ];
  for (const q of outOfScope) found.add(q);
  return [...found];
}

/**
 * `n` questions that appear in no other set (their own phrasings of the section headings), so a bot
 * that remembers answers cannot have seen them.
 */
export function buildFreshQuestions(guideDir: string, n: number): string[] {
  const headings = loadHeadings(guideDir);
  if (headings.length === 0) throw new Error(`${GUIDE_FILE} has no sections to build questions from`);
  const templates = [
    (h: string) => `Someone asked me this and I had no idea: ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `For a friend: ${h.replace(/\?$/, '').toLowerCase()}, according to the guide?`,
    (h: string) => `Hi all, does anyone know ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `Short version please: ${h}`,
  ];
  const found: string[] = [];
  for (let round = 0; found.length < n; round++) {
    for (const template of templates) {
      for (const h of headings) {
        if (found.length >= n) break;
        // Past the templates, a round number keeps each question different from the ones before.
        found.push(round === 0 ? template(h) : `${template(h)} (${round + 1})`);
      }
    }
  }
  return found;
}
