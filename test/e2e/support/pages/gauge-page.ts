import type { Locator, Page } from '@playwright/test';
import type { TaskState } from '../../../../src/shared/tasks';

/** The queue gauge: counts by state, rates, the limit. */
export class GaugePage {
  readonly gauge: Locator;

  constructor(page: Page) {
    this.gauge = page.getByTestId('queue-gauge');
  }

  /** A state's count as shown (compact numbers like `1.2k` are expanded). */
  async count(state: Exclude<TaskState, 'canceled'>): Promise<number> {
    const text = (await this.gauge.getByTestId(`count-${state}`).locator('dd').textContent()) ?? '';
    return parseCompact(text);
  }

  /** The `waiting / limit` line. */
  limitLine(): Locator {
    return this.gauge.getByTestId('queue-limit');
  }
}

export function parseCompact(text: string): number {
  const match = /^([\d.]+)\s*([kM]?)$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const factor = match[2] === 'k' ? 1e3 : match[2] === 'M' ? 1e6 : 1;
  return Number(match[1]) * factor;
}
