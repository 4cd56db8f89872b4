import { createHash } from 'node:crypto';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { ChunkMetadata } from '../core/types.js';

/** One section of a Markdown file: the text under a heading, up to the next heading. */
export interface Section {
  source: string;
  heading: string;
  headingPath: string;
  anchor: string;
  /** 1 for the document title, 2 for `##`, and so on. */
  level: number;
  /** The body, word for word, without the heading line. */
  body: string;
}

/**
 * A chunk ready to embed: `text` is quoted to users, `embedText` (own heading + text) is embedded. The
 * heading path is left out of `embedText`: its parent part is shared by sibling sections and only blurs
 * them ("can I work from home?" found the remote-work section only without it).
 */
export interface Chunk {
  text: string;
  embedText: string;
  metadata: ChunkMetadata;
}

export interface SplitOptions {
  chunkSize: number;
  chunkOverlap: number;
}

export const HEADING_PATH_SEPARATOR = ' › ';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/**
 * Splits a Markdown document into sections by its headings, keeping each section's heading path and
 * a stable anchor. Text before the first `##` belongs to the document title's section.
 */
export function splitIntoSections(markdown: string, source: string): Section[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  const stack: { level: number; heading: string }[] = [];
  const usedAnchors = new Map<string, number>();
  let current: { heading: string; level: number; path: string; anchor: string; body: string[] } | undefined;
  let inFence = false;

  const flush = () => {
    if (!current) return;
    sections.push({
      source,
      heading: current.heading,
      headingPath: current.path,
      anchor: current.anchor,
      level: current.level,
      body: current.body.join('\n').trim(),
    });
  };

  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    if (!match) {
      if (!current) {
        // Text before any heading: a section named after the file.
        current = {
          heading: source,
          level: 1,
          path: source,
          anchor: uniqueAnchor('', usedAnchors),
          body: [],
        };
      }
      current.body.push(line);
      continue;
    }
    flush();
    const level = match[1]!.length;
    const heading = match[2]!.trim();
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, heading });
    // The document title is not repeated in every path; it names only its own section.
    const pathParts = stack.filter((entry) => entry.level > 1 || stack.length === 1).map((e) => e.heading);
    current = {
      heading,
      level,
      path: pathParts.join(HEADING_PATH_SEPARATOR),
      anchor: uniqueAnchor(slugify(heading), usedAnchors),
      body: [],
    };
  }
  flush();
  return sections.filter((section) => section.body.length > 0 || false);
}

/**
 * A table of contents is navigation, not content: a section named "Contents"/"Table of Contents", or
 * one whose body is only a list of the document's own headings.
 */
export function isNavigationSection(section: Section, allHeadings: ReadonlySet<string>): boolean {
  if (/^(table of )?contents:?$/i.test(section.heading.trim())) return true;
  const lines = section.body.split('\n').filter((line) => line.trim().length > 0);
  if (lines.length < 2) return false;
  const normalizedHeadings = new Set([...allHeadings].map(normalizeHeading));
  return lines.every((line) => {
    const item = /^\s*[-*+]\s+(.*)$/.exec(line)?.[1];
    return item !== undefined && normalizedHeadings.has(normalizeHeading(item));
  });
}

/**
 * Sections -> chunks. Long sections are split with LangChain's recursive splitter, inside the section
 * only, so no chunk ever crosses a section boundary.
 */
export async function splitMarkdown(
  markdown: string,
  source: string,
  options: SplitOptions,
): Promise<Chunk[]> {
  const sections = splitIntoSections(markdown, source);
  const headings = new Set(sections.map((s) => s.heading));
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    separators: ['\n\n', '\n', '. ', '? ', '! ', '; ', ', ', ' '],
    keepSeparator: true,
  });
  const chunks: Chunk[] = [];
  for (const section of sections) {
    if (isNavigationSection(section, headings)) continue;
    // A line that introduces a list ("...include:") stays with the list: the blank line between them
    // becomes a line break, so the splitter does not leave the introduction alone in a chunk.
    const body = section.body.replace(/:[ \t]*\n\s*\n(?=[ \t]*[-*+] )/g, ':\n');
    const pieces = body.length <= options.chunkSize ? [body] : await splitter.splitText(body);
    pieces
      .map((piece) => piece.trim())
      .filter((piece) => piece.length > 0)
      .forEach((text, ordinal) => {
        const embedText = `${section.heading}\n\n${text}`;
        chunks.push({
          text,
          embedText,
          metadata: {
            chunkId: `${source}#${section.anchor}:${ordinal}`,
            source,
            heading: section.heading,
            headingPath: section.headingPath,
            anchor: section.anchor,
            ordinal,
            contentHash: sha256(embedText),
          },
        });
      });
  }
  return chunks;
}

/** GitHub-style heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function uniqueAnchor(base: string, used: Map<string, number>): string {
  const root = base || 'section';
  const seen = used.get(root) ?? 0;
  used.set(root, seen + 1);
  return seen === 0 ? root : `${root}-${seen}`;
}

function normalizeHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
