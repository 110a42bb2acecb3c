import type { ConnectionStatus } from '../persistentChat/chatConnection';
import { ExtensionSettings, missingSetting } from './settings';

/** What the status bar, the views and the API show: the connection's status, or what setting is missing. */
export type ServiceStatus = ConnectionStatus | { phase: 'NotConfigured'; since: Date; missing: string; userUri: string };

/** NotConfigured, naming the setting to fix. */
export function notConfigured(settings: ExtensionSettings, missing: string): ServiceStatus {
  return { phase: 'NotConfigured', since: new Date(), missing, userUri: settings.sipUri };
}

/** The status with no connection: NotConfigured while a setting is missing, else Disconnected. */
export function idleStatus(settings: ExtensionSettings): ServiceStatus {
  const missing = missingSetting(settings);
  return missing ? notConfigured(settings, missing) : { phase: 'Disconnected', since: new Date(), userUri: settings.sipUri };
}
