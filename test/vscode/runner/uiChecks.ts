import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Locator, Page } from 'playwright-core';
import { statusBarItemSelector } from '../shared/uiProtocol';
import type { ClickRequest, ElementQuery, ElementState, HoverRequest, HoverResult, ScreenshotRequest, ScreenshotResult, StatusBarItemQuery, StatusBarItemState, UiChecks } from '../shared/uiProtocol';

export interface UiCheckContext {
  page: Page;
  /** Where `screenshot` writes; undefined when screenshots were not asked for. */
  screenshotsDir?: string;
}

/** A page check the suite can call by name; args and result travel as JSON. */
export type UiCheck = (context: UiCheckContext, args: never) => Promise<unknown>;

export type BuiltinUiChecks = { [K in keyof UiChecks]: (context: UiCheckContext, args: UiChecks[K]['args']) => Promise<UiChecks[K]['result']> };

const DEFAULT_WAIT_MS = 10_000;
/** The workbench's hover (tooltip) widget, for status bar items, tree items and actions alike. */
const HOVER_WIDGET = '.workbench-hover, .monaco-hover:not(.hidden)';

async function statusBarItem({ page }: UiCheckContext, query: StatusBarItemQuery): Promise<StatusBarItemState> {
  const selector = statusBarItemSelector(query.id);
  const timeout = query.timeoutMs ?? DEFAULT_WAIT_MS;
  const item = page.locator(selector);
  const labelled = query.waitForAriaLabel ? page.locator(`${selector}[aria-label*=${JSON.stringify(query.waitForAriaLabel)}]`) : item;
  const target = query.waitForText ? labelled.filter({ hasText: query.waitForText }) : labelled;
  // A missing item is a result for the test to assert on, not a runner error.
  await target.first().waitFor({ state: 'visible', timeout }).catch(() => undefined);
  // Read the element that has the text if there is one, in one round trip (the item re-renders).
  const matched = (await target.count()) > 0 ? target.first() : item.first();
  const state = await matched.evaluate((el) => ({
    visible: el.getClientRects().length > 0,
    text: (el as unknown as { innerText: string }).innerText,
    ariaLabel: el.getAttribute('aria-label') ?? '',
    icons: [...el.querySelectorAll('.codicon')].flatMap((icon) => [...icon.classList].filter((c) => c.startsWith('codicon-')).map((c) => c.slice('codicon-'.length))),
  }), undefined, { timeout }).catch(() => undefined);
  if (!state) return { found: false, selector, visible: false, text: '', ariaLabel: '', icons: [] };
  return { found: true, selector, ...state, text: state.text.replace(/\s+/g, ' ').trim() };
}

async function element({ page }: UiCheckContext, query: ElementQuery): Promise<ElementState> {
  const locator = page.locator(query.selector);
  if (query.waitFor !== 'none') await waitFor(locator.first(), query.waitFor ?? 'visible', query.timeoutMs);
  const count = await locator.count();
  if (count === 0) return { count, visible: false, text: '', ariaLabel: '', title: '', cut: false };
  const first = locator.first();
  return {
    count,
    visible: await first.isVisible(),
    text: (await first.innerText()).replace(/\s+/g, ' ').trim(),
    ariaLabel: (await first.getAttribute('aria-label')) ?? '',
    title: (await first.getAttribute('title')) ?? '',
    cut: await first.evaluate((el) => el.scrollWidth > el.clientWidth),
  };
}

async function click({ page }: UiCheckContext, request: ClickRequest): Promise<{ clicked: true }> {
  if (request.hoverFirst) await page.locator(request.hoverFirst).first().hover({ timeout: request.timeoutMs ?? DEFAULT_WAIT_MS });
  const timeout = request.timeoutMs ?? DEFAULT_WAIT_MS;
  const target = page.locator(request.selector).first();
  await target.click({ timeout, button: request.button ?? 'left' });
  if (!request.untilHidden) return { clicked: true };
  const shown = page.locator(request.untilHidden).first();
  const end = Date.now() + timeout;
  // Each round waits on the page's state (the menu closing), bounded; a click it ignored leaves it open.
  while (!(await shown.waitFor({ state: 'hidden', timeout: 500 }).then(() => true, () => false))) {
    if (Date.now() > end) throw new Error(`${request.untilHidden} is still shown after clicking ${request.selector}`);
    await target.click({ timeout, button: request.button ?? 'left' }).catch(async (error: unknown) => {
      if (await shown.isVisible()) throw error; // else it closed after all
    });
  }
  return { clicked: true };
}

async function screenshot({ page, screenshotsDir }: UiCheckContext, request: ScreenshotRequest): Promise<ScreenshotResult> {
  if (!/^[\w.-]+$/.test(request.name)) throw new Error(`screenshot name must be letters, digits, ".", "-" or "_": ${request.name}`);
  if (!screenshotsDir) return { path: null };
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${request.name}.png`);
  await page.screenshot({ path, clip: request.clip });
  // Palette-quantised (pngquant, a test system package): a third of the size, so the README's images fit in the VSIX.
  const quantised = spawnSync('pngquant', ['--quality', '70-95', '--speed', '1', '--force', '--ext', '.png', path]);
  if (quantised.status !== 0) console.warn(`screenshot ${request.name}: pngquant ${quantised.error ? 'is not installed' : `exited ${quantised.status}`}; kept the full-size PNG`);
  return { path };
}

async function hover({ page }: UiCheckContext, request: HoverRequest): Promise<HoverResult> {
  const timeout = request.timeoutMs ?? DEFAULT_WAIT_MS;
  await page.locator(request.selector).first().hover({ timeout });
  if (!request.tooltip) return { tooltip: '' };
  const widget = page.locator(HOVER_WIDGET);
  const target = request.waitForText ? widget.filter({ hasText: request.waitForText }) : widget;
  await target.first().waitFor({ state: 'visible', timeout }).catch(() => undefined);
  const visible = widget.filter({ visible: true });
  if ((await visible.count()) === 0) return { tooltip: '' };
  return { tooltip: (await visible.first().innerText()).replace(/[ \t]+/g, ' ').trim() };
}

async function unhover({ page }: UiCheckContext, request: { timeoutMs?: number }): Promise<{ hidden: boolean }> {
  // The title bar's empty middle: no hover there. Escape closes a sticky hover.
  await page.mouse.move((page.viewportSize()?.width ?? 1200) / 2, 5);
  await page.keyboard.press('Escape');
  const hidden = await page.locator(HOVER_WIDGET).filter({ visible: true }).first()
    .waitFor({ state: 'hidden', timeout: request.timeoutMs ?? DEFAULT_WAIT_MS }).then(() => true, () => false);
  return { hidden };
}

async function waitFor(locator: Locator, state: 'visible' | 'attached' | 'hidden', timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  await locator.waitFor({ state, timeout: timeoutMs }).catch(() => undefined);
}

export const builtinUiChecks: BuiltinUiChecks = { statusBarItem, element, click, screenshot, hover, unhover };
