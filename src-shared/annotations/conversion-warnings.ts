/**
 * What a conversion could not carry over, said once per kind with a count, so a file with 10,000 cells
 * that each have measurements gives one line, not 10,000. Nothing is dropped without a line here.
 */
export class ConversionWarnings {
  private readonly tally = new Map<string, { count: number; say: (count: number) => string }>();

  /** Counts one occurrence of `kind`; `say` words the warning for the final count. */
  add(kind: string, say: (count: number) => string): void {
    const entry = this.tally.get(kind);
    if (entry) entry.count++;
    else this.tally.set(kind, { count: 1, say });
  }

  list(): string[] {
    return [...this.tally.values()].map(({ count, say }) => say(count));
  }
}

/** "1 region" / "1,234 regions". */
export const countOf = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Values quoted in messages come from the file; a hand-edited file can hold a whole paragraph in one. */
export function shortenForMessage(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
