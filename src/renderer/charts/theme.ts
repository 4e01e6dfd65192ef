/** Chart colours, read from the stylesheet's custom properties so charts follow the theme. */
export interface ChartTheme {
  ready: string;
  starting: string;
  draining: string;
  desired: string;
  backlog: string;
  up: string;
  down: string;
  grid: string;
  text: string;
}

export function readChartTheme(root: HTMLElement): ChartTheme {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    ready: v('--ready', '#2f9e44'),
    starting: v('--starting', '#1c7ed6'),
    draining: v('--draining', '#f08c00'),
    desired: v('--desired', '#ae3ec9'),
    backlog: v('--backlog', '#868e96'),
    up: v('--up', '#2f9e44'),
    down: v('--down', '#e03131'),
    grid: v('--chart-grid', 'rgba(128,128,128,0.2)'),
    text: v('--muted', '#888'),
  };
}

/** `#rrggbb` with an alpha, for area fills. Other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (m === null || m[1] === undefined) return color;
  const n = Number.parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
