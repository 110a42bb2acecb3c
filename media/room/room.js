// @ts-check
// The room editor's page. Everything from the server is untrusted: it is inserted with
// textContent / createTextNode only, never as HTML; links become anchors whose clicks the
// extension opens (http, https and mailto only). No inline handlers: the CSP allows this file only.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const list = $('messages');
  const olderButton = /** @type {HTMLButtonElement} */ ($('older'));
  const olderStatus = $('older-status');
  const compose = /** @type {HTMLTextAreaElement} */ ($('compose'));
  const sendButton = /** @type {HTMLButtonElement} */ ($('send'));
  const composeReason = $('compose-reason');
  const postError = $('post-error');
  const postErrorText = $('post-error-text');
  const retryButton = /** @type {HTMLButtonElement} */ ($('retry'));
  const counter = $('compose-counter');

  /** @type {Set<string>} */
  const ids = new Set();
  let hasMore = false;
  let loadingOlder = false;
  let canSend = false;
  let sending = false;
  let sizeLimit = 0;
  /** @type {{id:string, author:string, authorUri:string, time:number} | undefined} */
  let newest;
  let oldest = /** @type {typeof newest} */ (undefined);

  const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
  const TRAILING = /[).,;:!?\]}'"]+$/;
  const GROUP_MS = 5 * 60 * 1000;

  function dayKey(ms) {
    const d = new Date(ms);
    return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
  }

  function dayLabel(ms) {
    const key = dayKey(ms);
    if (key === dayKey(Date.now())) return 'Today';
    if (key === dayKey(Date.now() - 86400000)) return 'Yesterday';
    return new Date(ms).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  }

  function timeLabel(ms) {
    return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }

  /** Text with http(s)/mailto links as anchors; every piece is a text node. */
  function renderText(text) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      let url = match[0];
      const trailing = TRAILING.exec(url);
      if (trailing) url = url.slice(0, url.length - trailing[0].length);
      const start = /** @type {number} */ (match.index);
      if (start > last) fragment.append(document.createTextNode(text.slice(last, start)));
      const a = document.createElement('a');
      a.href = url;
      a.className = 'link';
      a.textContent = url;
      a.title = `Open ${url}`;
      fragment.append(a);
      last = start + url.length;
    }
    if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function separator(ms) {
    const el = document.createElement('div');
    el.className = 'day';
    el.setAttribute('role', 'separator');
    el.dataset.day = dayKey(ms);
    const label = document.createElement('span');
    label.textContent = dayLabel(ms);
    el.append(label);
    return el;
  }

  /** @param {any} m @param {any} previous */
  function row(m, previous) {
    const el = document.createElement('article');
    el.className = 'msg';
    el.dataset.id = m.id;
    if (m.mention) el.classList.add('mention');
    if (m.alert) el.classList.add('alert');
    if (m.own) el.classList.add('own');
    const continued = previous && previous.authorUri === m.authorUri && m.time - previous.time < GROUP_MS && dayKey(previous.time) === dayKey(m.time);
    if (continued) el.classList.add('continued');
    const header = document.createElement('header');
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = m.author;
    author.title = m.authorUri;
    const time = document.createElement('time');
    time.dateTime = new Date(m.time).toISOString();
    time.title = new Date(m.time).toLocaleString();
    time.textContent = timeLabel(m.time);
    header.append(author, time);
    if (m.alert) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = 'Alert';
      header.append(tag);
    } else if (m.mention) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = 'Mentions you';
      header.append(tag);
    }
    const body = document.createElement('div');
    body.className = 'text';
    body.append(renderText(m.text));
    el.append(header, body);
    const what = m.alert ? 'Alert from' : m.mention ? 'Mention from' : 'From';
    el.setAttribute('aria-label', `${what} ${m.author} at ${time.textContent}: ${m.text.slice(0, 500)}`);
    return el;
  }

  /** Builds rows for messages (oldest first), skipping ones already shown. */
  function build(messages, previous, unreadFrom) {
    const fragment = document.createDocumentFragment();
    let prev = previous;
    for (const m of messages) {
      if (ids.has(m.id)) continue;
      ids.add(m.id);
      if (!prev || dayKey(prev.time) !== dayKey(m.time)) fragment.append(separator(m.time));
      if (unreadFrom !== undefined && m.id === unreadFrom) {
        const divider = document.createElement('div');
        divider.className = 'unread';
        divider.id = 'unread-divider';
        divider.setAttribute('role', 'separator');
        divider.textContent = 'New messages';
        fragment.append(divider);
        prev = undefined;
      }
      fragment.append(row(m, prev));
      prev = { id: m.id, author: m.author, authorUri: m.authorUri, time: m.time };
    }
    return { fragment, last: prev };
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function setEmpty() {
    $('empty').hidden = ids.size > 0;
  }

  function reset(messages, more, unreadFrom) {
    for (const el of list.querySelectorAll('.msg, .day, .unread')) el.remove();
    ids.clear();
    const { fragment, last } = build(messages, undefined, unreadFrom);
    list.append(fragment);
    newest = last;
    oldest = messages.length ? toRef(messages[0]) : undefined;
    setMore(more);
    setEmpty();
    const divider = document.getElementById('unread-divider');
    if (divider) divider.scrollIntoView({ block: 'center' });
    else list.scrollTop = list.scrollHeight;
  }

  function toRef(m) {
    return { id: m.id, author: m.author, authorUri: m.authorUri, time: m.time };
  }

  function append(messages) {
    const stick = nearBottom();
    const { fragment, last } = build(messages, newest, undefined);
    if (last) newest = last;
    if (!oldest && messages.length) oldest = toRef(messages[0]);
    list.append(fragment);
    setEmpty();
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function prepend(messages, more) {
    loadingOlder = false;
    olderStatus.textContent = '';
    const fresh = messages.filter((m) => !ids.has(m.id));
    if (fresh.length) {
      // The first row of the old top loses its day separator if the new page ends on the same day.
      const firstDay = list.querySelector('.day');
      const { fragment } = build(fresh, undefined, undefined);
      const before = list.scrollHeight;
      if (firstDay && /** @type {HTMLElement} */ (firstDay).dataset.day === dayKey(fresh[fresh.length - 1].time)) firstDay.remove();
      olderButton.after(fragment);
      oldest = toRef(fresh[0]);
      list.scrollTop += list.scrollHeight - before;
    }
    setMore(more);
    setEmpty();
  }

  function setMore(more) {
    hasMore = more;
    olderButton.hidden = !more;
    $('start').hidden = more || ids.size === 0;
  }

  function loadOlder() {
    if (!hasMore || loadingOlder || !oldest) return;
    loadingOlder = true;
    olderStatus.textContent = 'Loading older messages…';
    vscode.postMessage({ type: 'loadOlder', before: oldest.id });
  }

  function header(room) {
    $('name').textContent = room.name;
    $('topic').textContent = room.topic || '';
    $('topic').hidden = !room.topic;
    $('participants').textContent = room.participants;
    $('state').textContent = room.state;
    $('state').hidden = !room.state;
    document.title = room.name;
  }

  function composeState(state) {
    canSend = state.enabled;
    sizeLimit = state.sizeLimit || 0;
    compose.disabled = !state.enabled;
    compose.placeholder = state.enabled ? state.placeholder : '';
    composeReason.textContent = state.enabled ? '' : state.reason;
    composeReason.hidden = state.enabled;
    updateSend();
  }

  function updateSend() {
    const length = compose.value.length;
    const tooLong = sizeLimit > 0 && new TextEncoder().encode(compose.value).length > sizeLimit;
    sendButton.disabled = !canSend || sending || compose.value.trim().length === 0 || tooLong;
    counter.textContent = tooLong ? `Too long: the server accepts at most ${sizeLimit} bytes` : length > 0 && sizeLimit ? `${length}` : '';
    counter.classList.toggle('error', tooLong);
  }

  function send() {
    const text = compose.value;
    if (!canSend || sending || !text.trim()) return;
    sending = true;
    postError.hidden = true;
    compose.setAttribute('aria-busy', 'true');
    updateSend();
    vscode.postMessage({ type: 'send', text });
  }

  compose.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  compose.addEventListener('input', updateSend);
  sendButton.addEventListener('click', send);
  retryButton.addEventListener('click', send);
  olderButton.addEventListener('click', loadOlder);
  list.addEventListener('scroll', () => {
    if (list.scrollTop < 200) loadOlder();
  });
  list.addEventListener('click', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const a = target.closest ? target.closest('a.link') : null;
    if (!a) return;
    e.preventDefault();
    vscode.postMessage({ type: 'openLink', url: /** @type {HTMLAnchorElement} */ (a).getAttribute('href') });
  });

  window.addEventListener('message', (event) => {
    const msg = event.data;
    switch (msg && msg.type) {
      case 'init':
        vscode.setState({ roomUri: msg.room.uri, name: msg.room.name });
        header(msg.room);
        composeState(msg.compose);
        reset(msg.messages, msg.hasMore, msg.unreadFrom);
        $('loading').hidden = true;
        // The frame after this one is painted with the messages: tell the extension (it logs the time to first paint).
        if (msg.messages.length) requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'painted', count: msg.messages.length }), 0));
        break;
      case 'header':
        header(msg.room);
        composeState(msg.compose);
        break;
      case 'append':
        append(msg.messages);
        break;
      case 'older':
        prepend(msg.messages, msg.hasMore);
        break;
      case 'olderFailed':
        loadingOlder = false;
        olderStatus.textContent = msg.error;
        break;
      case 'posted':
        sending = false;
        compose.removeAttribute('aria-busy');
        compose.value = '';
        append([msg.message]);
        list.scrollTop = list.scrollHeight;
        updateSend();
        break;
      case 'postFailed':
        sending = false;
        compose.removeAttribute('aria-busy');
        postErrorText.textContent = msg.error;
        postError.hidden = false;
        updateSend();
        break;
      case 'loading':
        $('loading').hidden = false;
        $('loading').textContent = msg.text;
        break;
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
