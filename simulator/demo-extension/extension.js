// The demo's side of `npm start` signing its user in: scripts/demo.mjs puts the simulated pool's
// demo address and password in code-server's environment; this companion extension (linked only by
// `npm start`) takes them out of the extension host's environment at once and signs in through the
// Lync Persistent Chat extension's public API, as any automation could. Plain JavaScript, no build.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS extension, no build step
const vscode = require('vscode');

const LYNC_EXTENSION_ID = 'lync-pchat.lync-persistent-chat';

async function activate() {
  const uri = process.env.LYNC_PCHAT_DEMO_URI;
  const password = process.env.LYNC_PCHAT_DEMO_PASSWORD;
  delete process.env.LYNC_PCHAT_DEMO_URI;
  delete process.env.LYNC_PCHAT_DEMO_PASSWORD;
  if (!uri || !password) return;
  const lync = vscode.extensions.getExtension(LYNC_EXTENSION_ID);
  if (!lync) return;
  const api = await lync.activate();
  // Only while the settings still name the demo user (the person may have pointed them elsewhere).
  const configured = vscode.workspace.getConfiguration('lyncPersistentChat').get('sipUri');
  if (typeof configured !== 'string' || configured.toLowerCase() !== uri.toLowerCase()) return;
  try {
    await api.signIn(uri, password);
  } catch (error) {
    void vscode.window.showWarningMessage(`Lync demo: signing the demo user in failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function deactivate() {}

module.exports = { activate, deactivate };
