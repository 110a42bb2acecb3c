import { messageSize, oversize } from '../../../persistentChat/rooms/messageSize';
import type { WireCompose } from '../roomProtocol';
import { elements } from './dom';
import { host } from './host';

/**
 * The compose box: Enter (or Send, or Retry) posts its text once; the host answers posted or
 * postFailed. The size is counted as the server counts it (messageSize.ts), and a text over the
 * limit is never sent: Enter and Retry say why instead.
 */
let canSend = false;
let sending = false;
let sizeLimit = 0;
/** The last failure cannot be retried as it is (the server refused the text as too long). */
let failedForGood = false;

export function setCompose(state: WireCompose): void {
  canSend = state.enabled;
  sizeLimit = state.sizeLimit;
  const { compose, composeReason } = elements;
  compose.disabled = !state.enabled;
  compose.placeholder = state.enabled ? state.placeholder : '';
  composeReason.textContent = state.enabled ? '' : state.reason;
  composeReason.hidden = state.enabled;
  // A room the user may only read: the reason line takes the compose box's place.
  compose.closest('footer')?.classList.toggle('read-only', state.readOnly);
  updateSend();
}

function tooLongText(size: number): string {
  return `Too long: ${size} characters, the server accepts at most ${sizeLimit} (an emoji counts as 2). Shorten it or split it into several messages.`;
}

function updateSend(): void {
  const { compose, counter } = elements;
  const size = oversize(compose.value, sizeLimit);
  const empty = compose.value.trim().length === 0;
  elements.send.disabled = !canSend || sending || empty || size !== undefined;
  counter.textContent = size !== undefined ? tooLongText(size) : !empty && sizeLimit ? `${messageSize(compose.value)}/${sizeLimit}` : '';
  counter.classList.toggle('error', size !== undefined);
  if (empty) showError(undefined);
}

function showError(text: string | undefined): void {
  elements.postError.hidden = text === undefined;
  elements.postErrorText.textContent = text ?? '';
}

function send(): void {
  const text = elements.compose.value;
  if (!canSend || sending || !text.trim()) return;
  const size = oversize(text, sizeLimit);
  if (size !== undefined) return showError(`Not sent: ${tooLongText(size)}`);
  sending = true;
  failedForGood = false;
  showError(undefined);
  elements.compose.setAttribute('aria-busy', 'true');
  updateSend();
  host.postMessage({ type: 'send', text });
}

function retry(): void {
  const size = oversize(elements.compose.value, sizeLimit);
  if (!failedForGood && size === undefined) return send();
  showError(`Retry cannot send this message as it is: ${size !== undefined ? tooLongText(size) : 'the server refused it as too long. Shorten it or split it into several messages.'}`);
  elements.compose.focus();
}

/** The host posted the text: the box empties. */
export function sent(): void {
  sending = false;
  elements.compose.removeAttribute('aria-busy');
  elements.compose.value = '';
  updateSend();
}

/** The host could not post it: the text stays, with the error and Retry. */
export function sendFailed(error: string, canRetry: boolean): void {
  sending = false;
  failedForGood = !canRetry;
  elements.compose.removeAttribute('aria-busy');
  showError(error);
  updateSend();
}

export function listenForCompose(): void {
  const { compose } = elements;
  compose.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  compose.addEventListener('input', updateSend);
  elements.send.addEventListener('click', send);
  elements.retry.addEventListener('click', retry);
}
