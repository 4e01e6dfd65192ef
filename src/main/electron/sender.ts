import type { RendererLocation } from './app-url';
import { isAppUrl } from './app-url';

/** The part of Electron's `WebFrameMain` the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/**
 * True when an IPC message came from our window's main frame showing our renderer. A frame
 * inside the page (an iframe, should one ever load), a page navigated elsewhere, or another
 * window is refused, whatever it sends.
 */
export function isTrustedFrame(
  frame: FrameLike | null,
  windowMainFrame: FrameLike | undefined,
  location: RendererLocation,
): boolean {
  if (frame === null || windowMainFrame === undefined) return false;
  if (frame.parent !== null) return false;
  if (
    frame.processId !== windowMainFrame.processId ||
    frame.routingId !== windowMainFrame.routingId
  ) {
    return false;
  }
  return isAppUrl(location, frame.url);
}
