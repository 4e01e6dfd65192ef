import { useEffect, useRef } from 'react';
import { useGantry, useGantryStore } from './context';
import { SHORTCUTS } from './shortcut-table';

/** Every shortcut, grouped as global or per view. Opened with `?`, closed with Escape. */
export function HelpOverlay() {
  const open = useGantry((s) => s.helpOpen);
  const store = useGantryStore();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const rows = Object.entries(SHORTCUTS);
  return (
    <dialog
      ref={ref}
      className="dialog help"
      aria-labelledby="help-title"
      onClose={() => store.getState().setHelpOpen(false)}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Action</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([id, def]) => (
            <tr key={id}>
              <td>
                <kbd>{'shown' in def ? def.shown : def.key}</kbd>
              </td>
              <td>{def.label}</td>
              <td>{'where' in def ? def.where : 'view' in def ? def.view : 'everywhere'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Shortcuts are off while typing in a field; Enter in a field submits its form. Escape
        closes a dialog.</p>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => store.getState().setHelpOpen(false)}>
          Close
        </button>
      </div>
    </dialog>
  );
}
