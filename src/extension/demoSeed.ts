import { CredentialStore } from './secrets';
import { ExtensionSettings } from './settings';

/** Set by `npm start` (scripts/demo.mjs) for its own code-server only; see README "Development". */
export const DEMO_ENV = { uri: 'LYNC_PCHAT_DEMO_URI', password: 'LYNC_PCHAT_DEMO_PASSWORD' } as const;

/**
 * `npm start` signs the demo user in without a prompt: it hands the simulated pool's demo password
 * to this extension host through its environment. Stored only for the configured demo URI, only
 * when nothing is stored yet, and removed from the environment at once (read once, never logged).
 */
export async function seedDemoPassword(settings: ExtensionSettings, credentials: CredentialStore): Promise<void> {
  const uri = process.env[DEMO_ENV.uri];
  const password = process.env[DEMO_ENV.password];
  delete process.env[DEMO_ENV.password];
  if (!uri || !password || settings.sipUri.toLowerCase() !== uri.toLowerCase()) return;
  if ((await credentials.getPassword(uri)) === undefined) await credentials.setPassword(uri, password);
}
