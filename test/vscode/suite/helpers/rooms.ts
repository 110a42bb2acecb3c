/**
 * The rooms UI as the suite reads and drives it: the Rooms view's rows and actions, the room
 * editor's page (a webview: two nested iframes in the workbench), the Browse Rooms quick pick.
 */
import * as vscode from 'vscode';
import type { RowBox } from '../../runner/inputChecks';
import { ui } from '../ui';

const SIDEBAR = '[id="workbench.parts.sidebar"]';
/** The visible webview's page: VS Code hosts it in iframe.webview, which hosts the page in #active-frame. */
const WEBVIEW = 'iframe.webview.ready >> internal:control=enter-frame >> iframe#active-frame >> internal:control=enter-frame';

/** An element of the room editor's page. */
export function inRoom(selector: string): string {
  return `${WEBVIEW} >> ${selector}`;
}

/** A message row of the room editor whose text contains `text`. */
export function messageRow(text: string): string {
  return inRoom(`#messages .msg:has-text(${JSON.stringify(text)})`);
}

/** A row of the Rooms tree (its aria-label starts "Room <name>"). */
export function roomRow(name: string): string {
  return `${SIDEBAR} .monaco-list-row[aria-label^="Room ${name},"]`;
}

export function roomAction(name: string, title: string): string {
  return `${roomRow(name)} .actions .action-label[aria-label^="${title}"]`;
}

/** An item of the open context menu (the workbench draws it in the page, in a shadow root Playwright enters). */
export function contextMenuItem(title: string): string {
  return `.context-view .action-menu-item:has-text(${JSON.stringify(title)})`;
}

/** Opens a Rooms row's context menu (a right click, as a user would) and clicks `title` in it. */
export async function roomContextAction(name: string, title: string): Promise<void> {
  await ui('click', { selector: roomRow(name), button: 'right' });
  await ui('click', { selector: contextMenuItem(title), untilHidden: '.context-view .monaco-menu' });
}

/** The Rooms view as laid out now, for a screenshot of it on its own. */
export async function roomsViewBox(): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await layoutBox(`${SIDEBAR} .pane:has(.pane-header h3.title:text-is("Rooms"))`);
  if (!box.found) throw new Error('the Rooms view is not laid out');
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

/** The Rooms view's header, and one of its title actions ("Browse Rooms…", "Refresh Rooms"). */
export const ROOMS_HEADER = `${SIDEBAR} .pane-header:has(h3.title:text-is("Rooms"))`;
export function roomsTitleAction(title: string): string {
  return `${ROOMS_HEADER} .action-label[aria-label^=${JSON.stringify(title)}]`;
}

export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;

export function quickPickRow(text: string): string {
  return `${QUICK_INPUT} .monaco-list-row:has-text(${JSON.stringify(text)})`;
}

export async function showRoomsView(): Promise<void> {
  await vscode.commands.executeCommand('lyncPersistentChat.showRooms');
}

/** Types into a field of the page (key by key) and optionally presses a key after. */
export async function typeInto(selector: string, text: string, press?: string): Promise<void> {
  await ui('type', { selector, text, press });
}

export async function layoutBox(selector: string): Promise<{ found: boolean; x: number; y: number; width: number; height: number }> {
  return ui('box', { selector }) as Promise<{ found: boolean; x: number; y: number; width: number; height: number }>;
}

/** Where every match is laid out (text, parent element, box), in document order. */
export async function layoutBoxes(selector: string): Promise<RowBox[]> {
  return ui('boxes', { selector }) as Promise<RowBox[]>;
}

/** The open room editors' tabs (webview tabs of the room editor's view type), as the tab bar lists them. */
export function roomEditorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('lyncPersistentChat.room'));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
