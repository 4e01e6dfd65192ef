import type { Locator, Page } from '@playwright/test';

export interface TrafficInput {
  shape?: 'constant' | 'step' | 'spike' | 'sine' | 'onoff' | 'trace';
  rate?: number;
  durationS?: number;
  workMs?: number;
  /** Shape parameters by their label, e.g. `{ 'Peak rate (tasks/s)': 30 }`. */
  params?: Record<string, number>;
}

/** The traffic generator form and its progress. */
export class TrafficPage {
  readonly form: Locator;
  readonly progress: Locator;
  readonly submitted: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Traffic profile' });
    this.progress = page.getByTestId('traffic-progress');
    this.submitted = page.getByTestId('traffic-submitted');
  }

  async setProfile(input: TrafficInput): Promise<void> {
    if (input.shape !== undefined) await this.form.getByLabel('Shape').selectOption(input.shape);
    if (input.rate !== undefined)
      await this.form.getByLabel('Base rate (tasks/s)').fill(String(input.rate));
    if (input.durationS !== undefined)
      await this.form.getByLabel('Duration (s)').fill(String(input.durationS));
    if (input.workMs !== undefined)
      await this.form.getByLabel('Work per task (ms)').fill(String(input.workMs));
    for (const [label, value] of Object.entries(input.params ?? {})) {
      await this.form.getByLabel(label).fill(String(value));
    }
  }

  async start(): Promise<void> {
    await this.form.getByTestId('traffic-start').click();
  }

  async stop(): Promise<void> {
    await this.form.getByTestId('traffic-stop').click();
  }
}
