import type { Locator, Page } from '@playwright/test';

/** The scaling timeline: what the chart draws (as data attributes) and the event list. */
export class TimelinePage {
  readonly panel: Locator;
  readonly canvas: Locator;
  readonly events: Locator;
  readonly detail: Locator;

  constructor(page: Page) {
    this.panel = page.getByTestId('timeline');
    this.canvas = page.getByTestId('timeline-canvas');
    this.events = page.getByTestId('scaling-event');
    this.detail = page.getByTestId('scaling-detail');
  }

  async points(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-points'));
  }

  async markers(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-markers'));
  }

  async window(minutes: 1 | 5 | 15 | 60): Promise<void> {
    await this.panel.getByRole('radio', { name: `${minutes} min` }).click();
  }
}
