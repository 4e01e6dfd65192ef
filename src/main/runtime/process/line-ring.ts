/**
 * The last lines of a worker's output, bounded in lines and line length so a chatty worker
 * cannot grow the engine's memory.
 */
export class LineRing {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 1000,
    private readonly maxLineChars = 4096,
  ) {}

  /** Appends raw output; complete lines are kept, a trailing fragment waits for its end. */
  write(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(0, this.maxLineChars);
    for (const part of parts) this.push(part);
  }

  /** The last `count` lines (with any unterminated fragment last), newline-joined. */
  tail(count: number): string {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return all.slice(Math.max(0, all.length - Math.max(0, count))).join('\n');
  }

  /** True when any kept line matches. */
  some(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line)) || pattern.test(this.partial);
  }

  private push(line: string): void {
    const max = this.maxLineChars;
    this.lines.push(line.length > max ? `${line.slice(0, max)}…` : line);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
