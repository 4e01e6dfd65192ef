import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

const VIEW_KEYS = {
  overview: '1',
  timeline: '2',
  traffic: '3',
  autoscaler: '4',
  tasks: '5',
  events: '6',
  settings: '7',
  lab: '8',
} as const;

export type ViewName = keyof typeof VIEW_KEYS;

/** The dashboard shell: readiness, navigation by keyboard, the toast. */
export class AppPage {
  readonly root: Locator;
  readonly toast: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('.app');
    this.toast = page.getByTestId('toast');
  }

  /** Opens the dashboard and waits for the first snapshot (`data-ready` on the root). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.root).toHaveAttribute('data-ready', 'true');
  }

  /** Switches view with its number key, as a keyboard user would. */
  async view(name: ViewName): Promise<void> {
    await this.page.locator('body').press(VIEW_KEYS[name]);
    await expect(this.root).toHaveAttribute('data-view', name);
  }

  async expectToast(text: string | RegExp): Promise<void> {
    await expect(this.toast).toContainText(text);
  }
}
