import { createHash } from 'node:crypto';
import type { SectionRef } from '../types.js';

/** The key that identifies a section across chunks and builds: its file and its anchor. */
export function sectionKey(ref: { source: string; anchor: string }): string {
  return `${ref.source}#${ref.anchor}`;
}

/**
 * A short id of a section (16 hex characters of the sha256 of its key), stable across builds while its
 * file and anchor stay: short enough for a Discord select option's 100-character value, which a long
 * heading's `source#anchor` key is not.
 */
export function sectionId(ref: { source: string; anchor: string }): string {
  return createHash('sha256').update(sectionKey(ref)).digest('hex').slice(0, 16);
}

/** Only the section's fields of anything that names a section (chunk metadata, a ranked section). */
export function toSectionRef(section: SectionRef): SectionRef {
  return {
    heading: section.heading,
    headingPath: section.headingPath,
    anchor: section.anchor,
    source: section.source,
  };
}
