/**
 * Loaded by the room-open bench as the extension-host "test" module: signs alice in to a simulated
 * pool whose room holds 1,000 messages (through the extension's public API), then times, in turn,
 * (a) Lync: Open Room until the room editor's first messages are painted in the page (seen through
 * the bench's UI bridge, one loopback round trip) and (b) an empty webview panel until its page
 * reports its first frame painted. Writes the samples to a file as one JSON line. Runs only inside VS Code.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_USERS } from '../../simulator/config';
import { SimulatedLyncPool } from '../../simulator/pool';
import type { LyncPersistentChatApi } from '../../src/extension/api/types';
import { ui } from '../vscode/suite/ui';
import { ROOM_OPEN_PROBE_ENV, RoomOpenSample } from './roomOpenProtocol';

const EXTENSION_ID = 'lync-pchat.lync-persistent-chat';
const ROOM = { uri: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad', name: 'Coffee Corner' };
const MESSAGES = 1000;
const WARMUP = 2;
const SAMPLES = 9;

/** Inside a webview: VS Code hosts the page in iframe.webview, which hosts it in #active-frame. */
const IN_WEBVIEW = 'iframe.webview.ready >> internal:control=enter-frame >> iframe#active-frame >> internal:control=enter-frame';
/** The room editor's message rows. */
const MESSAGE_ROWS = `${IN_WEBVIEW} >> #messages .msg`;
/** What the empty page adds once its first frame is painted. */
const EMPTY_PAINTED = `${IN_WEBVIEW} >> #painted`;

function emptyPage(): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'"></head>`
    + `<body><script nonce="${nonce}">requestAnimationFrame(() => setTimeout(() => { const d = document.createElement('div'); d.id = 'painted'; d.textContent = 'painted'; document.body.append(d); }, 0));</script></body></html>`;
}

async function timeEmpty(): Promise<number> {
  const started = performance.now();
  const panel = vscode.window.createWebviewPanel('lyncBench.empty', 'empty', vscode.ViewColumn.Active, { enableScripts: true });
  panel.webview.html = emptyPage();
  // Seen the way the room editor's rows are (timeOurs): through the UI bridge, so both sides pay its round trip.
  const painted = await ui('element', { selector: EMPTY_PAINTED, timeoutMs: 60_000 });
  const elapsed = performance.now() - started;
  if (painted.count === 0) throw new Error('the empty webview painted nothing');
  panel.dispose();
  return elapsed;
}


async function timeOurs(): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  await vscode.commands.executeCommand('lyncPersistentChat.openRoom', ROOM);
  const rows = await ui('element', { selector: MESSAGE_ROWS, timeoutMs: 60_000 });
  const ms = performance.now() - started;
  if (rows.count === 0) throw new Error('the room editor painted no messages');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return { ms, count: rows.count };
}

async function measure(): Promise<RoomOpenSample> {
  const pool = await SimulatedLyncPool.start({ users: [...DEFAULT_USERS] });
  try {
    for (let i = 1; i <= MESSAGES; i++) pool.chat.post('sip:bob@contoso.com', ROOM.uri, `Message ${i}: the nightly build of service ${i % 17} is green, see https://ci.contoso.com/build/${i}`);
    const config = vscode.workspace.getConfiguration('lyncPersistentChat');
    await config.update('sipUri', 'sip:alice@contoso.com', vscode.ConfigurationTarget.Global);
    await config.update('server', `${pool.addresses.tls.host}:${pool.addresses.tls.port}`, vscode.ConfigurationTarget.Global);
    await config.update('caFile', join(pool.config.pkiDir, 'ca.pem'), vscode.ConfigurationTarget.Global);
    const api = await vscode.extensions.getExtension<LyncPersistentChatApi>(EXTENSION_ID)!.activate();
    await api.signIn('sip:alice@contoso.com', 'secret');
    if (api.status.phase !== 'Connected') throw new Error(`sign-in ended ${api.status.phase}`);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', ROOM); // follows it
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const oursMs: number[] = [];
    const emptyMs: number[] = [];
    let painted = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const ours = await timeOurs();
      const empty = await timeEmpty();
      painted = ours.count;
      if (i >= WARMUP) {
        oursMs.push(ours.ms);
        emptyMs.push(empty);
      }
    }
    await vscode.commands.executeCommand('lyncPersistentChat.signOut');
    return { oursMs, emptyMs, messages: MESSAGES, painted };
  } finally {
    await pool.stop();
  }
}

export async function run(): Promise<void> {
  const out = process.env[ROOM_OPEN_PROBE_ENV.outFile];
  if (!out) throw new Error(`${ROOM_OPEN_PROBE_ENV.outFile} must be set`);
  let sample: RoomOpenSample;
  try {
    sample = await measure();
  } catch (error) {
    sample = { error: error instanceof Error ? error.message : String(error) };
  }
  writeFileSync(out, `${JSON.stringify(sample)}\n`);
}
