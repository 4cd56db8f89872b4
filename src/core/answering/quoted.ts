/**
 * What an answer has quoted so far, so no sentence is repeated across the parts of a message and a
 * list is not named twice.
 */
export class Quoted {
  private readonly units: { section: string; text: string }[] = [];
  /** Item lines of lists already named: nothing on them is quoted again. */
  private readonly itemLines: { section: string; line: string }[] = [];

  /** Whether `text` of `section` overlaps a quoted unit or lies on a named item's line. */
  covers(section: string, text: string): boolean {
    return (
      this.units.some((u) => u.section === section && (u.text.includes(text) || text.includes(u.text))) ||
      this.listed(section, text)
    );
  }

  /** Whether `text` lies on the line of an item a list answer already named. */
  listed(section: string, text: string): boolean {
    return this.itemLines.some((l) => l.section === section && l.line.includes(text));
  }

  add(section: string, text: string): void {
    this.units.push({ section, text });
  }

  addItemLine(section: string, line: string): void {
    this.itemLines.push({ section, line });
  }
}
