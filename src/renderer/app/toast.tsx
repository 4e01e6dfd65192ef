import { useEffect } from 'react';
import { useGantry, useGantryStore } from './context';

const TOAST_MS = 5000;

/** The outcome of the last action; errors stay until replaced or dismissed. */
export function Toast() {
  const toast = useGantry((s) => s.toast);
  const store = useGantryStore();
  useEffect(() => {
    if (toast === null || toast.kind === 'error') return;
    const timer = setTimeout(() => store.setState({ toast: null }), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, store]);
  if (toast === null) return null;
  return (
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
    >
      <span>{toast.text}</span>
      <button type="button" aria-label="Dismiss" onClick={() => store.setState({ toast: null })}>
        ×
      </button>
    </div>
  );
}
