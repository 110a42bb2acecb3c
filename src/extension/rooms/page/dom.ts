/** The page's elements (roomHtml.ts writes them; a missing one is a bug, so it throws). */
function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof kind)) throw new Error(`the room page has no #${id}`);
  return el;
}

export const elements = {
  name: byId('name', HTMLElement),
  topic: byId('topic', HTMLElement),
  participants: byId('participants', HTMLButtonElement),
  participantList: byId('participant-list', HTMLElement),
  state: byId('state', HTMLElement),
  list: byId('messages', HTMLElement),
  older: byId('older', HTMLButtonElement),
  olderStatus: byId('older-status', HTMLElement),
  start: byId('start', HTMLElement),
  historyLimit: byId('history-limit', HTMLElement),
  loading: byId('loading', HTMLElement),
  empty: byId('empty', HTMLElement),
  compose: byId('compose', HTMLTextAreaElement),
  send: byId('send', HTMLButtonElement),
  composeReason: byId('compose-reason', HTMLElement),
  postError: byId('post-error', HTMLElement),
  postErrorText: byId('post-error-text', HTMLElement),
  retry: byId('retry', HTMLButtonElement),
  counter: byId('compose-counter', HTMLElement),
};
