import type { SectionRef } from '../types.js';

/** The key that identifies a section across chunks and builds: its file and its anchor. */
export function sectionKey(ref: { source: string; anchor: string }): string {
  return `${ref.source}#${ref.anchor}`;
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
