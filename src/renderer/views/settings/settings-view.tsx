import { useEffect, useState } from 'react';
import type { PublicSettings } from '../../../shared/api/contract/settings';
import type { Settings } from '../../../shared/settings';
import { RESTART_KEYS, SettingsPatchSchema } from '../../../shared/settings';
import { describeError, useAction, useClient } from '../../app/context';
import { Field } from '../field';
import type { SettingKind } from './settings-fields';
import { DOCKER_FIELDS, TOP_FIELDS, fromText, toText } from './settings-fields';

type Texts = Record<string, string | boolean>;

function textsOf(settings: PublicSettings): Texts {
  const texts: Texts = {};
  for (const [key, kind] of Object.entries(TOP_FIELDS))
    texts[key] = toText(kind, settings[key as keyof PublicSettings]);
  for (const [key, kind] of Object.entries(DOCKER_FIELDS)) {
    texts[`docker.${key}`] = toText(kind, settings.docker[key as keyof PublicSettings['docker']]);
  }
  return texts;
}

function SettingInput({
  id,
  kind,
  value,
  describedBy,
  onChange,
}: {
  id: string;
  kind: SettingKind;
  value: string | boolean;
  describedBy: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  if (kind.kind === 'bool') {
    return (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  }
  if (kind.kind === 'enum') {
    return (
      <select
        id={id}
        value={String(value)}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {kind.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  const hint =
    kind.kind === 'duration'
      ? 'e.g. 500ms, 30s, 2m'
      : kind.kind === 'size'
        ? 'e.g. 512kb, 1mb'
        : undefined;
  return (
    <input
      id={id}
      name={id}
      value={String(value)}
      placeholder={hint}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Whether a form key (`port`, `docker.memory`) only applies after a restart. */
function needsRestart(key: string): boolean {
  const top = key.split('.')[0] as keyof Settings;
  return RESTART_KEYS.includes(top);
}

/**
 * Every settings key, validated with the same schema the engine uses before it is sent.
 * Only changed keys are sent; restart-only keys say so before and after a save.
 */
export function SettingsView() {
  const client = useClient();
  const act = useAction();
  const [saved, setSaved] = useState<Texts | null>(null);
  const [texts, setTexts] = useState<Texts>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [restart, setRestart] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    client
      .call('settings.get', undefined)
      .then((s) => {
        const t = textsOf(s);
        setSaved(t);
        setTexts(t);
      })
      .catch((e: unknown) => setLoadError(describeError(e)));
  }, [client]);

  const save = async () => {
    if (saved === null) return;
    const patch: Record<string, unknown> = {};
    const docker: Record<string, unknown> = {};
    const nextErrors: Record<string, string> = {};
    const all = [
      ...Object.entries(TOP_FIELDS).map(([k, kind]) => [k, kind] as const),
      ...Object.entries(DOCKER_FIELDS).map(([k, kind]) => [`docker.${k}`, kind] as const),
    ];
    for (const [key, kind] of all) {
      const text = texts[key];
      if (text === undefined || text === saved[key]) continue;
      const parsed = fromText(kind, text);
      if ('error' in parsed) nextErrors[key] = parsed.error;
      else if (key.startsWith('docker.')) docker[key.slice(7)] = parsed.value;
      else patch[key] = parsed.value;
    }
    if (Object.keys(docker).length > 0) patch['docker'] = docker;
    const checked = SettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      for (const issue of checked.error.issues) nextErrors[issue.path.join('.')] = issue.message;
    }
    setErrors(nextErrors);
    if (Object.keys(nextErrors).length > 0 || Object.keys(patch).length === 0) return;

    if (!checked.success) return;
    const answer = await act('settings.set', checked.data, 'Settings saved');
    if (answer === undefined) return;
    const t = textsOf(answer.settings);
    setSaved(t);
    setTexts(t);
    setRestart((r) => [...new Set([...r, ...answer.restartRequired])]);
  };

  if (loadError !== null)
    return (
      <p className="error-text" role="alert">
        {loadError}
      </p>
    );
  if (saved === null) return <p className="muted empty">Loading settings…</p>;

  const row = (key: string, kind: SettingKind) => (
    <Field
      key={key}
      label={key.replace(/^docker\./, '')}
      error={errors[key]}
      hint={
        restart.includes(key) || restart.includes(key.replace(/^docker\./, ''))
          ? 'saved; applies after a restart'
          : needsRestart(key)
            ? 'applies after a restart'
            : undefined
      }
    >
      {(id, describedBy) => (
        <SettingInput
          id={id}
          kind={kind}
          value={texts[key] ?? ''}
          describedBy={describedBy}
          onChange={(v) => setTexts((t) => ({ ...t, [key]: v }))}
        />
      )}
    </Field>
  );
  const dirty = Object.keys(texts).filter((k) => texts[k] !== saved[k]);

  return (
    <div className="view settings-view">
      <form
        className="panel"
        aria-labelledby="settings-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <header className="panel-head">
          <h2 id="settings-title">Settings</h2>
          <span className="small muted">
            {dirty.length === 0 ? 'no changes' : `${dirty.length} changed`}
          </span>
          <button type="button" disabled={dirty.length === 0} onClick={() => setTexts(saved)}>
            Revert
          </button>
          <button
            type="submit"
            className="primary"
            disabled={dirty.length === 0}
            data-testid="settings-save"
          >
            Save
          </button>
        </header>
        {restart.length > 0 && (
          <p className="banner banner-warn" role="status" data-testid="restart-required">
            Restart Gantry to apply: {restart.join(', ')}
          </p>
        )}
        <div className="form-grid">
          {Object.entries(TOP_FIELDS).map(([k, kind]) => row(k, kind))}
        </div>
        <fieldset className="form-grid">
          <legend>Docker workers</legend>
          {Object.entries(DOCKER_FIELDS).map(([k, kind]) => row(`docker.${k}`, kind))}
        </fieldset>
      </form>
    </div>
  );
}
