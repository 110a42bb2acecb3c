/**
 * What the suite reads and drives in the workbench page through the runner's UI bridge: the
 * extension's status bar item and its tooltip, the Invitations tree, notifications, screenshots.
 */
import * as vscode from 'vscode';
import { statusBarItemSelector, StatusBarItemState } from '../../shared/uiProtocol';
import { uiBridgeUrl, ui } from '../ui';
import { EXTENSION_ID } from './ids';

/** VS Code renders an extension's status bar item with the id `<extension id>.<item id>`. */
export const STATUS_ITEM_ID = `${EXTENSION_ID}.lyncPersistentChat.status`;
export const STATUS_ITEM = statusBarItemSelector(STATUS_ITEM_ID);
const SIDEBAR = '[id="workbench.parts.sidebar"]';

/**
 * The status bar item once its text contains `text` and, when given, its aria-label contains
 * `label` (e.g. "disconnected": "Lync" alone is also the text of other states); or as it is after
 * the wait, for the assertion.
 */
export function statusBarItem(text: string, label?: string, timeoutMs = 15_000): Promise<StatusBarItemState> {
  return ui('statusBarItem', { id: STATUS_ITEM_ID, waitForText: text, waitForAriaLabel: label, timeoutMs });
}

/** Hovers the status bar item and returns the tooltip once it contains `text`. */
export async function statusBarTooltip(text: string): Promise<string> {
  await ui('unhover', {});
  return (await ui('hover', { selector: STATUS_ITEM, tooltip: true, waitForText: text })).tooltip;
}

/** A row of the Invitations tree (its aria-label is "Invitation to <room> from <inviter>"). */
export function invitationRow(roomName: string): string {
  return `${SIDEBAR} .monaco-list-row[aria-label^="Invitation to ${roomName}"]`;
}

/** An inline action button of an Invitations row ("Accept Invitation" / "Dismiss Invitation"). */
export function invitationAction(roomName: string, title: 'Accept Invitation' | 'Dismiss Invitation'): string {
  return `${invitationRow(roomName)} .actions .action-label[aria-label^="${title}"]`;
}

/**
 * A notification in the notifications center whose message contains `text`. (The workbench shows
 * no toasts under the smoke-test driver the runner needs, so notifications are read and acted on
 * in the center: open it with showNotificationsCenter() first.)
 */
export function notification(text: string): string {
  return `.notifications-center .notification-list-item:has-text(${JSON.stringify(text)})`;
}

export function notificationButton(text: string, button: string): string {
  return `${notification(text)} .monaco-button:has-text(${JSON.stringify(button)})`;
}

export async function showNotificationsCenter(): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
}

export async function hideNotificationsCenter(): Promise<void> {
  await vscode.commands.executeCommand('notifications.hideList');
}

/**
 * Closes every notification and hides the center. "Clear All" run right after a notification
 * arrived sometimes leaves it in place, so this repeats until the center is seen empty.
 */
export async function clearNotifications(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await vscode.commands.executeCommand('notifications.clearAll');
    if (!uiBridgeUrl()) return;
    await showNotificationsCenter();
    const left = await ui('element', { selector: '.notifications-center .notification-list-item', waitFor: 'none' });
    await hideNotificationsCenter();
    if (left.count === 0) return;
    if (attempt === 5) throw new Error(`${left.count} notification(s) left after Clear All: ${left.text}`);
  }
}

/** Opens the Lync view container on the Invitations view. */
export async function showInvitationsView(): Promise<void> {
  await vscode.commands.executeCommand('lyncPersistentChat.showInvitations');
}

/** Saves a screenshot when the runner was given --screenshots (a no-op otherwise). */
export async function screenshot(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  await ui('screenshot', { name, clip });
}
