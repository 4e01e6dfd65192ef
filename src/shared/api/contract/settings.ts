import type { Settings } from '../../settings';
import { SettingsPatchSchema } from '../../settings';
import { method } from '../method';
import { none } from './common';

/** Settings with the API token hidden. */
export type PublicSettings = Omit<Settings, 'apiToken'> & { apiToken: '' | '(set)' };

export const settingsContract = {
  'settings.get': method(none).returns<PublicSettings>(),
  /** Validates, applies what can change live, persists; names the keys that need a restart. */
  'settings.set': method(SettingsPatchSchema).returns<{ settings: PublicSettings; restartRequired: string[] }>(),
};
