import type { WireCompose } from '../roomProtocol';
import { elements } from './dom';
import { host } from './host';

/** The compose box: Enter (or Send, or Retry) posts its text once; the host answers posted or postFailed. */
let canSend = false;
let sending = false;
let sizeLimit = 0;

export function setCompose(state: WireCompose): void {
  canSend = state.enabled;
  sizeLimit = state.sizeLimit;
  const { compose, composeReason } = elements;
  compose.disabled = !state.enabled;
  compose.placeholder = state.enabled ? state.placeholder : '';
  composeReason.textContent = state.enabled ? '' : state.reason;
  composeReason.hidden = state.enabled;
  updateSend();
}

function updateSend(): void {
  const { compose, counter } = elements;
  const length = compose.value.length;
  const tooLong = sizeLimit > 0 && new TextEncoder().encode(compose.value).length > sizeLimit;
  elements.send.disabled = !canSend || sending || compose.value.trim().length === 0 || tooLong;
  counter.textContent = tooLong ? `Too long: the server accepts at most ${sizeLimit} bytes` : length > 0 && sizeLimit ? `${length}` : '';
  counter.classList.toggle('error', tooLong);
}

function send(): void {
  const text = elements.compose.value;
  if (!canSend || sending || !text.trim()) return;
  sending = true;
  elements.postError.hidden = true;
  elements.compose.setAttribute('aria-busy', 'true');
  updateSend();
  host.postMessage({ type: 'send', text });
}

/** The host posted the text: the box empties. */
export function sent(): void {
  sending = false;
  elements.compose.removeAttribute('aria-busy');
  elements.compose.value = '';
  updateSend();
}

/** The host could not post it: the text stays, with the error and Retry. */
export function sendFailed(error: string): void {
  sending = false;
  elements.compose.removeAttribute('aria-busy');
  elements.postErrorText.textContent = error;
  elements.postError.hidden = false;
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
  elements.retry.addEventListener('click', send);
}
