import type { Locator, Page } from '@playwright/test';

/** The worker grid of the overview. */
export class GridPage {
  readonly grid: Locator;
  readonly cards: Locator;
  /** Cards of workers that are starting or ready (the pool the autoscaler counts). */
  readonly liveCards: Locator;

  constructor(page: Page) {
    this.grid = page.getByTestId('worker-grid');
    this.cards = this.grid.getByTestId('worker-card');
    this.liveCards = this.grid.locator(
      '[data-testid="worker-card"]:is([data-state="ready"], [data-state="starting"])',
    );
  }

  card(workerId: string): Locator {
    return this.grid.locator(`[data-worker-id="${workerId}"]`);
  }

  async liveCount(): Promise<number> {
    return this.liveCards.count();
  }
}
