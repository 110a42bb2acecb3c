/**
 * The contract between the extension-host suite and the runner that drives the workbench page.
 * Suite code runs inside the extension host (Node, no DOM); the runner owns the browser page. The
 * suite asks the runner to look at (or act on) the page over a loopback HTTP "UI bridge" whose
 * address the runner passes in the extension host's environment.
 */

/** Environment variables the runner sets for the extension host (through the workbench payload). */
export const TestEnv = {
  /** Base URL of the runner's UI bridge, e.g. http://127.0.0.1:41234 (absent outside the harness). */
  uiBridge: 'LYNC_VSCODE_UI_BRIDGE',
  /** Only run tests whose full title contains this text. */
  grep: 'LYNC_VSCODE_GREP',
  /** "1" when mocha may print colours. */
  color: 'LYNC_VSCODE_COLOR',
  /** "enabled" (workspace trust on, the test folder untrusted) or "disabled". */
  workspaceTrust: 'LYNC_VSCODE_WORKSPACE_TRUST',
  /** Absolute path of the workspace folder the workbench opened. */
  workspaceFolder: 'LYNC_VSCODE_WORKSPACE',
} as const;

/** Bridge route: POST `${UI_BRIDGE_PATH}/<check name>` with the JSON arguments as the body. */
export const UI_BRIDGE_PATH = '/ui';

export type UiBridgeResponse = { ok: true; value: unknown } | { ok: false; error: string };

export interface StatusBarItemQuery {
  /** The rendered id: `<publisher>.<name>.<item id>` for an extension's item. */
  id: string;
  /** Wait until the item's text contains this (e.g. "Connected"); otherwise wait until it is visible. */
  waitForText?: string;
  /**
   * Also wait until its aria-label contains this. Several states share a text ("Lync" is not
   * configured, disconnected and error alike): the label tells them apart.
   */
  waitForAriaLabel?: string;
  /** How long to wait before reporting what is there (default 10 s). */
  timeoutMs?: number;
}

export interface StatusBarItemState {
  found: boolean;
  /** The CSS selector the runner used, for failure messages. */
  selector: string;
  visible: boolean;
  /** Visible text with codicons removed, trimmed (e.g. "Lync"). */
  text: string;
  ariaLabel: string;
  /** Codicon names in the item, e.g. ["circle-slash"] for `$(circle-slash)`. */
  icons: string[];
}

export interface ElementQuery {
  /** A Playwright selector (CSS by default). */
  selector: string;
  /** Wait for this state first (default "visible"); "none" reads at once. */
  waitFor?: 'visible' | 'attached' | 'hidden' | 'none';
  timeoutMs?: number;
}

export interface ElementState {
  count: number;
  visible: boolean;
  text: string;
  ariaLabel: string;
  /** Its title attribute: the tooltip the browser shows on hover ('' when none). */
  title: string;
  /** Its text does not fit its box (cut, e.g. by text-overflow: ellipsis). */
  cut: boolean;
}

export interface ClickRequest {
  selector: string;
  /**
   * Hover this first, in the same page step (for an inline action shown only while its row is
   * hovered: a separate hover call leaves a gap in which a re-render can drop the hover).
   */
  hoverFirst?: string;
  /** "right" opens the context menu (default "left"). */
  button?: 'left' | 'right';
  /**
   * Click again while this is still shown. The workbench's menus ignore a click in their first
   * 100 ms (so the right-button release that opened one does not pick an item); a person's click
   * comes later, a driver's can come sooner: a menu still open after the click is clicked again.
   */
  untilHidden?: string;
  timeoutMs?: number;
}

export interface ScreenshotRequest {
  /** File name without extension; letters, digits, dot, dash and underscore. */
  name: string;
  /** Only this part of the page (CSS pixels); default the whole viewport. */
  clip?: { x: number; y: number; width: number; height: number };
}

export interface HoverRequest {
  /** A Playwright selector; the pointer is moved over its first match. */
  selector: string;
  /** Wait for the hover (tooltip) widget and return its text; with this, until it contains this text. */
  tooltip?: boolean;
  waitForText?: string;
  timeoutMs?: number;
}

export interface HoverResult {
  /** The visible hover widget's text ('' when not asked for, or when none appeared in time). */
  tooltip: string;
}

export interface ScreenshotResult {
  /** Where the PNG was written, or null when the runner was started without --screenshots. */
  path: string | null;
}

/** The checks every runner provides. Runners may register more under other names. */
export interface UiChecks {
  statusBarItem: { args: StatusBarItemQuery; result: StatusBarItemState };
  element: { args: ElementQuery; result: ElementState };
  click: { args: ClickRequest; result: { clicked: true } };
  screenshot: { args: ScreenshotRequest; result: ScreenshotResult };
  hover: { args: HoverRequest; result: HoverResult };
  /** Moves the pointer off everything and waits until no hover widget is shown. */
  unhover: { args: { timeoutMs?: number }; result: { hidden: boolean } };
}

/** VS Code renders an extension's status bar item as <div class="statusbar-item" id="<publisher>.<name>.<item id>">. */
export function statusBarItemSelector(id: string): string {
  return `[id="workbench.parts.statusbar"] .statusbar-item[id="${id.replace(/["\\]/g, '\\$&')}"]`;
}
