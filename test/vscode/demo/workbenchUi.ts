/**
 * What a person does in the workbench the demo lanes start (test/vscode/demo, test/vscode/vsix):
 * the Command Palette, clicks that a re-rendering list can swallow, and where the Lync views, the
 * status bar item and the room editor's page are.
 */
import type { Locator, Page } from 'playwright-core';
import { statusBarItemSelector } from '../shared/uiProtocol';

export const ALICE = 'sip:alice@contoso.com';
const STATUS = statusBarItemSelector('lync-pchat.lync-persistent-chat.lyncPersistentChat.status');
export const WAIT_MS = 90_000;

/** Polls `probe` until truthy (bounded; never asserts on elapsed time). */
export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The status bar item once it shows Connected as alice (the pass-filled icon), or why not. */
export async function connected(page: Page): Promise<void> {
  const item = page.locator(STATUS).filter({ hasText: 'alice@contoso.com' }).locator('.codicon-pass-filled');
  try {
    await item.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch {
    const now = await page.locator(STATUS).first().getAttribute('aria-label', { timeout: 1000 }).catch(() => '(no Lync status bar item)');
    throw new Error(`the status bar never showed Connected; it says: ${now}`);
  }
}

/** Runs a command from the Command Palette, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/**
 * Browse Rooms… from the Command Palette, then `query` typed into its search once the pick is shown.
 * The palette and the pick share one quick input: typed before the pick replaced the palette, the
 * text lands in the closing palette and the pick searches nothing (seen on a loaded CI machine).
 */
export async function browseRooms(page: Page, query: string): Promise<void> {
  await runCommand(page, 'Lync: Browse Rooms…');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Lync: Browse Rooms' }).waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator('.quick-input-widget .quick-input-box input').pressSequentially(query);
}

/**
 * Clicks `target` until `done` shows on the page. A list that re-renders under the pointer (the
 * Browse Rooms pick when its debounced search answers, the Rooms view on each room change) can
 * swallow a click: the page's state, not a delay, says whether to click again.
 */
export async function clickUntil(target: Locator, done: Locator, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await target.first().click({ timeout: WAIT_MS });
    try {
      await done.first().waitFor({ state: 'visible', timeout: 5000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: clicked until ${WAIT_MS / 1000} s had passed, never saw it: ${String(error)}`);
    }
  }
}

export function invitationRows(page: Page, room: string): Locator {
  return page.locator(`[id="workbench.parts.sidebar"] .monaco-list-row[aria-label^="Invitation to ${room}"]`);
}

/** The visible webview's page (VS Code hosts it in iframe.webview, which hosts the page in #active-frame). */
const WEBVIEW = 'iframe.webview.ready >> internal:control=enter-frame >> iframe#active-frame >> internal:control=enter-frame';

export function inRoom(page: Page, selector: string): Locator {
  return page.locator(`${WEBVIEW} >> ${selector}`);
}

export function roomRow(page: Page, name: string): Locator {
  return page.locator(`[id="workbench.parts.sidebar"] .monaco-list-row[aria-label^="Room ${name},"]`);
}

export function editorTabs(page: Page, title: string): Locator {
  return page.locator(`.tabs-container .tab[aria-label^=${JSON.stringify(title)}]`);
}

