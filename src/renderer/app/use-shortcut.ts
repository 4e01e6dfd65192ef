import { useEffect, useRef } from 'react';
import type { ShortcutId } from './shortcut-table';
import { SHORTCUTS } from './shortcut-table';

type Handler = (event: KeyboardEvent) => void;
const handlers = new Map<ShortcutId, Handler[]>();
let installed = false;

/** Typing in a field must not trigger shortcuts (Escape still closes dialogs natively). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(type);
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTyping(event.target)) return;
  // A modal dialog owns the keyboard, except for the help key.
  if (document.querySelector('dialog[open]') !== null && event.key !== '?') return;
  for (const [id, list] of handlers) {
    if (SHORTCUTS[id].key !== event.key) continue;
    const handler = list[list.length - 1];
    if (handler === undefined) continue;
    event.preventDefault();
    handler(event);
    return;
  }
}

/**
 * Binds a shortcut of the table to a handler while the component is mounted. The newest
 * mount of an id wins; views bind their own, so the same key can mean different things in
 * different views without clashing.
 */
export function useShortcut(id: ShortcutId, handler: Handler, enabled = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    if (!installed) {
      window.addEventListener('keydown', onKeyDown);
      installed = true;
    }
    const bound: Handler = (event) => ref.current(event);
    const list = handlers.get(id) ?? [];
    list.push(bound);
    handlers.set(id, list);
    return () => {
      const current = handlers.get(id) ?? [];
      const next = current.filter((h) => h !== bound);
      if (next.length === 0) handlers.delete(id);
      else handlers.set(id, next);
    };
  }, [id, enabled]);
}
