import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { Person } from '../../persistentChat/presence/presenceDirectory';
import type { FollowedRoom, RoomMessage } from '../../persistentChat/rooms/types';
import { BIDI_CONTROL } from './bidi';
import { openRoomLink, openWorkspaceFile } from './linkTargets';
import { type RoomResources, roomHtml, roomResourceRoots } from './roomHtml';
import { type HostToPage, type PageToHost, pageToHost, type WireCompose, type WireHeader, type WireMessage } from './roomProtocol';
import { authorName, peopleOf, wirePerson } from './roomPeople';
import type { RoomsModel } from './roomsModel';
import { unrenderedField } from './unrenderedLabels';

/** Messages asked for when the room opens, and per older page. */
export const FIRST_PAGE = 100;
export const OLDER_PAGE = 100;
const MAX_TEXT = 64 * 1024;

/**
 * One room editor: the webview panel of one followed room. Loads the last page of history when the
 * room is joined, appends live messages, pages older ones on request, posts from the compose box
 * and marks the room read while it is the active editor.
 */
export class RoomPanel implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private ready = false;
  private loaded = false;
  private loading: AbortController | undefined;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly paintEmitter = new vscode.EventEmitter<number>();
  /** The page painted its first messages (how many), after each load. */
  readonly onDidPaint = this.paintEmitter.event;
  private readonly created = Date.now();
  /** Messages the page shows (ids), so a live one that arrives during the history fetch is not lost or doubled. */
  private readonly pendingLive: RoomMessage[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly roomUri: string,
    private readonly model: RoomsModel,
    resources: RoomResources,
    private readonly logger: Logger,
    private name: string,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: roomResourceRoots(resources), enableCommandUris: false };
    panel.title = name;
    const { media } = resources;
    panel.iconPath = { light: vscode.Uri.joinPath(media, 'room-light.svg'), dark: vscode.Uri.joinPath(media, 'room-dark.svg') };
    panel.webview.html = roomHtml(panel.webview, resources, name);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => this.onViewState()),
      panel.onDidDispose(() => this.dispose()),
      model.onDidChangeFollowed(() => this.onFollowedChanged()),
      model.onMessage((m) => this.onLive(m)),
      model.onParticipantsChanged((p) => {
        if (!same(p.roomUri, this.roomUri)) return;
        this.sendHeader();
        this.sendParticipants();
      }),
      model.onPeopleChanged((people) => this.peopleChanged(people)),
    );
  }

  /** The room as followed now (undefined when it is not, or no longer, followed). */
  get room(): FollowedRoom | undefined {
    return this.model.find(this.roomUri);
  }

  /** Whether the user can see this room now (the active editor of a focused window). */
  get seen(): boolean {
    return this.panel.active && this.panel.visible && vscode.window.state.focused;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loading?.abort();
    for (const s of this.subscriptions) s.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.paintEmitter.dispose();
    this.panel.dispose();
  }

  /** What the page sent, checked against roomProtocol.ts first: a malformed message is dropped and logged. */
  private receive(value: unknown): void {
    const message = pageToHost(value);
    if (message) void this.onPageMessage(message);
    else this.logger.warn(`room ${this.roomUri}: dropped a malformed message from the page`);
  }

  private async onPageMessage(message: PageToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.loaded = false;
        return this.load();
      case 'loadOlder':
        return this.loadOlder(message.before);
      case 'send':
        return this.send(message.text);
      case 'openLink':
        return this.openLink(message.url);
      case 'openRoom':
        return openRoomLink(this.model, message.uri);
      case 'openFile':
        return openWorkspaceFile(message.path, message.line, this.logger);
      case 'painted':
        this.logger.debug(`room ${this.roomUri}: ${message.count} messages painted ${Date.now() - this.created} ms after the editor opened`);
        this.paintEmitter.fire(message.count);
        return;
    }
  }

  /**
   * A hidden editor's page is discarded (no retainContextWhenHidden): it loads anew, with the unread
   * divider, when shown again and says ready. Until then nothing is loaded and nothing is marked read.
   */
  private onViewState(): void {
    if (!this.panel.visible) {
      this.ready = false;
      this.loaded = false;
      this.loading?.abort();
      this.pendingLive.length = 0;
    }
    this.markReadIfSeen();
  }

  private onFollowedChanged(): void {
    const room = this.room;
    if (room && room.name && room.name !== this.name) {
      this.name = room.name;
      this.panel.title = room.name;
    }
    this.sendHeader();
    if (!this.loaded && room?.state === 'Joined' && this.model.connected) void this.load();
  }

  private onLive(message: RoomMessage): void {
    if (!same(message.roomUri, this.roomUri)) return;
    if (!this.loaded) {
      // While the page loads its history, a live message is kept to be merged; a hidden page reloads it anyway.
      if (this.ready) this.pendingLive.push(message);
      return;
    }
    this.showPeople([message.author]);
    void this.post({ type: 'append', messages: [this.wire(message)] });
    this.markReadIfSeen();
  }

  /** The last page of history, with an unread divider where the unread messages begin. */
  private async load(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const room = this.room;
    const rooms = this.model.rooms;
    if (!room || !rooms || !this.model.connected || room.state !== 'Joined') {
      await this.post({ type: 'init', room: this.header(), compose: this.composeState(), messages: [], hasMore: false });
      await this.post({ type: 'loading', text: this.waitingText(room) });
      return;
    }
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const unread = room.unread;
    try {
      const page = await rooms.history(this.roomUri, { count: FIRST_PAGE }, controller.signal);
      if (controller.signal.aborted || this.disposed) return;
      const messages = page.messages.map((m) => this.wire(m));
      const seen = new Set(messages.map((m) => m.id));
      for (const m of this.pendingLive.splice(0)) if (!seen.has(m.id)) messages.push(this.wire(m));
      const unreadFrom = unread > 0 && unread <= messages.length ? messages[messages.length - unread]?.id : unread > messages.length ? messages[0]?.id : undefined;
      this.loaded = true;
      await this.post({ type: 'init', room: this.header(), compose: this.composeState(), messages, hasMore: page.hasMore, historyEnd: page.historyEnd, unreadFrom });
      this.sendParticipants();
      this.showPeople(messages.map((m) => m.authorUri));
      this.markReadIfSeen();
    } catch (error) {
      if (controller.signal.aborted) return;
      const e = LyncError.from(error);
      this.logger.warn(`room ${this.roomUri}: history failed: ${e.code}: ${e.message}`);
      await this.post({ type: 'init', room: this.header(), compose: this.composeState(), messages: [], hasMore: false });
      await this.post({ type: 'loading', text: vscode.l10n.t('Could not load the history: {0}', e.message) });
    }
  }

  private async loadOlder(before: string): Promise<void> {
    const rooms = this.model.rooms;
    if (!rooms || !this.model.connected) {
      await this.post({ type: 'olderFailed', error: vscode.l10n.t('Not connected: older messages load once the connection is back.') });
      return;
    }
    try {
      const page = await rooms.history(this.roomUri, { count: OLDER_PAGE, before });
      this.showPeople(page.messages.map((m) => m.author));
      await this.post({ type: 'older', messages: page.messages.map((m) => this.wire(m)), hasMore: page.hasMore, historyEnd: page.historyEnd });
    } catch (error) {
      await this.post({ type: 'olderFailed', error: vscode.l10n.t('Could not load older messages: {0}', LyncError.from(error).message) });
    }
  }

  private async send(text: string): Promise<void> {
    try {
      if (!text.trim()) throw new LyncError('CommandFailed', vscode.l10n.t('The message is empty.'));
      const message = await this.model.require().post(this.roomUri, text);
      await this.post({ type: 'posted', message: this.wire(message) });
    } catch (error) {
      const e = LyncError.from(error);
      this.logger.warn(`room ${this.roomUri}: post failed: ${e.code}: ${e.message}`);
      // A message the server refused as too long fails the same way every time: Retry explains instead.
      await this.post({ type: 'postFailed', error: vscode.l10n.t('Not sent: {0}', e.message), canRetry: e.code !== 'MessageTooLarge' });
    }
  }

  private async openLink(url: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(url, true);
    } catch {
      return;
    }
    // The page never links across a direction control; a URL with one (or any control) did not come from a link.
    if (BIDI_CONTROL.test(url) || /[\u0000-\u001f\u007f]/.test(url)) {
      this.logger.warn(`room ${this.roomUri}: refused to open a link with control characters`);
      return;
    }
    if (!['http', 'https', 'mailto'].includes(uri.scheme)) {
      this.logger.warn(`room ${this.roomUri}: refused to open a ${uri.scheme}: link`);
      return;
    }
    await vscode.env.openExternal(uri);
  }

  private markReadIfSeen(): void {
    const room = this.room;
    if (!this.loaded || !this.seen || !room || (room.unread === 0 && room.mentions === 0)) return;
    this.model.rooms?.markRead(this.roomUri);
  }

  private sendHeader(): void {
    if (!this.ready) return;
    void this.post({ type: 'header', room: this.header(), compose: this.composeState() });
  }

  /** Who is in the room now, for the participant list (and their names and presence). */
  private sendParticipants(): void {
    if (!this.ready) return;
    const uris = peopleOf(this.room?.participants ?? []);
    void this.post({ type: 'participants', uris });
    this.showPeople(uris);
  }

  /** People the page shows: the pool is asked for their names and presence; what is known is sent now. */
  private showPeople(uris: Iterable<string>): void {
    const presence = this.model.presence;
    if (!presence) return;
    const list = peopleOf(uris);
    presence.want(list);
    const known = list.flatMap((uri) => {
      const person = presence.get(uri);
      return person ? [wirePerson(uri, person)] : [];
    });
    if (known.length > 0) void this.post({ type: 'people', people: known });
  }

  private peopleChanged(people: readonly Person[]): void {
    if (!this.ready || people.length === 0) return;
    void this.post({ type: 'people', people: peopleOf(people.map((p) => p.uri)).map((uri) => wirePerson(uri, this.model.presence?.get(uri))) });
  }

  /** A message as the page gets it: the author's display name when the pool gave one. */
  private wire(m: RoomMessage): WireMessage {
    return {
      id: m.id,
      author: authorName(m, this.model.presence?.get(m.author)),
      authorUri: m.author,
      time: m.time.getTime(),
      text: m.text.length > MAX_TEXT ? `${m.text.slice(0, MAX_TEXT)}…` : m.text,
      mention: m.mention,
      alert: m.alert,
      own: m.own,
      ...unrenderedField(m),
    };
  }

  private header(): WireHeader {
    const room = this.room;
    const count = room?.participants.length || room?.memberCount || 0;
    const participants = room?.participants.length
      ? (count === 1 ? vscode.l10n.t('1 participant') : vscode.l10n.t('{0} participants', count))
      : room?.memberCount ? (count === 1 ? vscode.l10n.t('1 member') : vscode.l10n.t('{0} members', count)) : '';
    return { uri: this.roomUri, name: room?.name || this.name, topic: room?.description ?? '', participants, state: this.stateText(room) };
  }

  private stateText(room: FollowedRoom | undefined): string {
    if (!room) return vscode.l10n.t('Not followed');
    switch (room.state) {
      case 'Joined': return room.muted ? vscode.l10n.t('Muted') : '';
      case 'Joining': return vscode.l10n.t('Joining…');
      case 'NotJoined': return vscode.l10n.t('Not joined');
      case 'NoAccess': return vscode.l10n.t('No access');
      case 'Gone': return vscode.l10n.t('Room removed');
    }
  }

  private waitingText(room: FollowedRoom | undefined): string {
    if (!room) return vscode.l10n.t('You no longer follow this room. Open it from Browse Rooms to follow it again.');
    if (room.state === 'NoAccess') return room.reason ? vscode.l10n.t('You cannot read this room: {0}', room.reason.message) : vscode.l10n.t('You cannot read this room.');
    if (room.state === 'Gone') return vscode.l10n.t('This room no longer exists on the server.');
    const phase = this.model.phase;
    if (phase === 'Reconnecting' || phase === 'Connecting') return vscode.l10n.t('Connecting… the history loads once the room is joined.');
    if (phase !== 'Connected') return vscode.l10n.t('Not connected. Run "Lync: Connect" to load this room.');
    return vscode.l10n.t('Joining the room…');
  }

  private composeState(): WireCompose {
    const room = this.room;
    const phase = this.model.phase;
    const limit = this.model.rooms?.messageSizeLimit ?? 0;
    const off = (reason: string, readOnly = false) => ({ enabled: false, readOnly, reason, placeholder: '', sizeLimit: limit });
    if (phase === 'Reconnecting' || phase === 'Connecting') return off(vscode.l10n.t('Reconnecting… you can send again once the connection is back.'));
    if (phase !== 'Connected') return off(vscode.l10n.t('Not connected. Run "Lync: Connect" to send messages.'));
    if (!room) return off(vscode.l10n.t('You no longer follow this room.'));
    if (room.state === 'Joining' || room.state === 'NotJoined') return off(vscode.l10n.t('Joining the room…'));
    if (room.state === 'NoAccess') return off(room.reason ? vscode.l10n.t('You have no access to this room: {0}', room.reason.message) : vscode.l10n.t('You have no access to this room.'));
    if (room.state === 'Gone') return off(vscode.l10n.t('This room no longer exists.'));
    if (room.canPost === false) return off(vscode.l10n.t('The server refused your post: you can read this room but not post in it. Ask a room manager for the right to post.'), true);
    return { enabled: true, readOnly: false, reason: '', placeholder: vscode.l10n.t('Message {0}', room.name), sizeLimit: limit };
  }

  private post(message: HostToPage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
