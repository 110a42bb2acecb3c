/**
 * The room editor's page (bundled to dist/roomWebview.js). Everything from the server is untrusted:
 * it is inserted with textContent / text nodes only, never as HTML; links become anchors whose clicks
 * the extension opens. No inline handlers: the CSP allows this script only. Every message from the
 * host is checked against roomProtocol.ts first; a malformed one is dropped and logged.
 */
import { type HostToPage, hostToPage } from '../roomProtocol';
import { listenForCompose, sendFailed, sent, setCompose } from './compose';
import { elements } from './dom';
import { setHeader } from './header';
import { host } from './host';
import { listenForLinks } from './links';
import { append, reset, scrollToBottom } from './messageList';
import { listenForPaging, olderArrived, olderFailed } from './paging';
import { listenForParticipants, setParticipants } from './participants';
import { rememberPeople } from './people';

function init(msg: Extract<HostToPage, { type: 'init' }>): void {
  host.setState({ roomUri: msg.room.uri, name: msg.room.name });
  setHeader(msg.room);
  setCompose(msg.compose);
  reset(msg.messages, msg.hasMore, msg.historyEnd, msg.unreadFrom);
  elements.loading.hidden = true;
  // The frame after this one is painted with the messages: tell the extension (it logs the time to first paint).
  const count = msg.messages.length;
  if (count) requestAnimationFrame(() => setTimeout(() => host.postMessage({ type: 'painted', count }), 0));
}

function receive(msg: HostToPage): void {
  switch (msg.type) {
    case 'init': return init(msg);
    case 'header':
      setHeader(msg.room);
      return setCompose(msg.compose);
    case 'append': return append(msg.messages);
    case 'older': return olderArrived(msg.messages, msg.hasMore, msg.historyEnd);
    case 'olderFailed': return olderFailed(msg.error);
    case 'posted':
      sent();
      append([msg.message]);
      return scrollToBottom();
    case 'postFailed': return sendFailed(msg.error, msg.canRetry);
    case 'loading':
      elements.loading.hidden = false;
      elements.loading.textContent = msg.text;
      return;
    case 'people': return rememberPeople(msg.people);
    case 'participants': return setParticipants(msg.uris);
  }
}

listenForCompose();
listenForPaging();
listenForParticipants();
listenForLinks(elements.list);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = hostToPage(event.data);
  if (msg) receive(msg);
  else console.warn('room page: dropped a malformed message from the extension', event.data);
});
host.postMessage({ type: 'ready' });
