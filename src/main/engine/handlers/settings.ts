import type { Handlers } from '../../../shared/api/contract';
import type { PublicSettings } from '../../../shared/api/contract/settings';
import { GantryError } from '../../../shared/api/errors';
import type { Settings } from '../../../shared/settings';
import { applySettingsPatch, RESTART_KEYS, SettingsError } from '../../../shared/settings';
import type { EngineContext } from '../context';

/** Settings as the UI may see them: the API token is never sent. */
export function publicSettings(settings: Settings): PublicSettings {
  return { ...settings, apiToken: settings.apiToken ? '(set)' : '' };
}

/** The settings channels. */
export function settingsHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': async () => publicSettings(ctx.settings()),
    'settings.set': async (patch) => {
      const base = ctx.settings();
      let next: Settings;
      try {
        next = applySettingsPatch(base, patch);
      } catch (error) {
        if (error instanceof SettingsError) {
          const extra = { field: error.field, cause: error };
          throw new GantryError('invalid_input', error.message, extra);
        }
        throw error;
      }
      const changed = (Object.keys(next) as (keyof Settings)[]).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(base[key]),
      );
      const policyKeys = ['policy', 'policyParams', 'cooldown', 'minWorkers', 'maxWorkers'];
      const policyChanged = changed.some((key) => policyKeys.includes(key));
      if (policyChanged) ctx.autoscaler.validate(next);

      await ctx.replaceSettings(next);
      if (changed.includes('logLevel')) ctx.logger.setLevel(next.logLevel);
      if (changed.includes('selection')) ctx.dispatcher.setSelection(next.selection);
      if (policyChanged) ctx.autoscaler.reconfigure(next);
      ctx.dispatcher.wake(true);

      const restartRequired = changed.filter((key) => RESTART_KEYS.includes(key));
      if (changed.length > 0) {
        const message = `settings changed: ${changed.join(', ')}`;
        ctx.logger.info(message, { restartRequired });
        ctx.bus.publish({
          type: 'notice',
          level: 'info',
          message: restartRequired.length
            ? `${message} (restart to apply ${restartRequired.join(', ')})`
            : message,
          topic: 'settings',
          data: { changed, restartRequired },
        });
      }
      return { settings: publicSettings(next), restartRequired };
    },
  };
}
