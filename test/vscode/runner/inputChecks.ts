import type { UiCheck, UiCheckContext } from './uiChecks';

const DEFAULT_WAIT_MS = 10_000;

export interface TypeRequest {
  /** A Playwright selector (may enter frames: `iframe >> internal:control=enter-frame >> …`). */
  selector: string;
  /** Typed key by key, as a person would. */
  text: string;
  /** A key pressed afterwards, e.g. "Enter". */
  press?: string;
  timeoutMs?: number;
}

export interface PressRequest {
  selector: string;
  /** A Playwright key name, e.g. "Enter" or "Shift+Enter". */
  key: string;
  timeoutMs?: number;
}

export interface BoxResult {
  found: boolean;
  x: number; y: number; width: number; height: number;
}

async function type({ page }: UiCheckContext, request: TypeRequest): Promise<{ typed: true }> {
  const target = page.locator(request.selector).first();
  const timeout = request.timeoutMs ?? DEFAULT_WAIT_MS;
  await target.click({ timeout });
  await target.pressSequentially(request.text, { timeout });
  if (request.press) await target.press(request.press, { timeout });
  return { typed: true };
}

async function press({ page }: UiCheckContext, request: PressRequest): Promise<{ pressed: true }> {
  await page.locator(request.selector).first().press(request.key, { timeout: request.timeoutMs ?? DEFAULT_WAIT_MS });
  return { pressed: true };
}

/** Where the first match is laid out (CSS pixels of its frame's viewport). */
async function box({ page }: UiCheckContext, request: { selector: string; timeoutMs?: number }): Promise<BoxResult> {
  const target = page.locator(request.selector).first();
  await target.waitFor({ state: 'visible', timeout: request.timeoutMs ?? DEFAULT_WAIT_MS }).catch(() => undefined);
  const rect = await target.boundingBox().catch(() => null);
  return rect ? { found: true, ...rect } : { found: false, x: 0, y: 0, width: 0, height: 0 };
}

export interface RowBox {
  /** The element's text (its first 200 characters). */
  text: string;
  /** Its parent element: `#id`, else `.class` ('' when it has none). */
  parent: string;
  x: number; y: number; width: number; height: number;
}

/** Where every match is laid out, in document order (one call for a whole message list). */
async function boxes({ page }: UiCheckContext, request: { selector: string }): Promise<RowBox[]> {
  return page.locator(request.selector).evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { text: (el.textContent ?? '').slice(0, 200), parent: el.parentElement ? (el.parentElement.id ? `#${el.parentElement.id}` : `.${el.parentElement.className}`) : '', x: r.x, y: r.y, width: r.width, height: r.height };
  }));
}

export interface StyleResult {
  found: boolean;
  /** Whether the element has the focus in its document. */
  focused: boolean;
  /** The computed values of the properties asked for, by name (e.g. "outline-style"). */
  values: Record<string, string>;
}

/** Computed style of the first match (e.g. whether a focused element draws an outline). */
async function style({ page }: UiCheckContext, request: { selector: string; properties: string[]; timeoutMs?: number }): Promise<StyleResult> {
  const target = page.locator(request.selector).first();
  await target.waitFor({ state: 'visible', timeout: request.timeoutMs ?? DEFAULT_WAIT_MS }).catch(() => undefined);
  const result = await target.evaluate((el, properties) => {
    const view = el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { getPropertyValue(p: string): string } };
    const computed = view.getComputedStyle(el);
    return { focused: el.ownerDocument.activeElement === el, values: Object.fromEntries(properties.map((p) => [p, computed.getPropertyValue(p)])) };
  }, request.properties, { timeout: request.timeoutMs ?? DEFAULT_WAIT_MS }).catch(() => undefined);
  return result ? { found: true, ...result } : { found: false, focused: false, values: {} };
}

/** Keyboard input, layout and style checks (the room editor's compose box, quick pick input). */
export const inputChecks: Record<string, UiCheck> = { type, press, box, boxes, style } as unknown as Record<string, UiCheck>;
