/**
 * The simulated pool's Persistent Chat half: the lookup service and the chat server as SIP
 * dialogs (INVITE/ACK/INFO/UPDATE/BYE/CANCEL), XCCOS over INFO, Session-Expires idle BYE, and the
 * control API the tests and `npm run sim` drive.
 */
import { LyncError } from '../../src/common/errors';
import type { Logger } from '../../src/common/logger';
import type { RawSipMessage } from '../../src/sip/message/rawMessage';
import type { SimChatConfig, SimFaults, SimSession } from '../types';
import type { BurstOptions, ChatService, ChatServiceOptions, ChatSessionInfo, PostOptions, RoomSummary } from './chatServiceApi';
import { CHAT_COMMANDS, LOOKUP_COMMANDS, XccosContext, handleGrpchat, leaveRoom, noticeOthers, postMessage, unsupported } from './commands';
import { Dialog, DialogKind } from './dialog';
import { InvitationView, invitationNotice } from './invitationXml';
import { Outbox } from './outbox';
import { Invitation, Room, RoomStore } from './roomState';
import { aor, cseqOf, hdr, headerParam, sdpAnswer, uriOf } from './sipText';
import { TimerSet } from './timers';
import { ChatRecord, EnvelopeIds, XCCOS_NS, envelope, joinNoticeData, partNoticeData } from './xccosXml';
import { MAX_XCCOS_BYTES, XmlElement, child, parseXccosXml } from './xml';

export type { BurstOptions, ChatService, ChatServiceOptions, ChatSessionInfo, PostOptions, RoomSummary } from './chatServiceApi';

const IN_DIALOG = new Set(['INFO', 'UPDATE', 'BYE', 'ACK', 'CANCEL', 'INVITE']);

export class ChatServer implements ChatService {
  private readonly dialogs = new Map<string, Dialog>();
  /** Dialogs we BYEd, so the client's answer is still ours: Call-ID → connection id. */
  private readonly closing = new Map<string, number>();
  private readonly timers: TimerSet;
  private readonly outbox: Outbox;
  private readonly roomStore: RoomStore;
  private readonly envids = new EnvelopeIds();
  private readonly lookupAors: Set<string>;
  private readonly chatAor: string;
  private readonly viaHost: string;
  private readonly now: () => Date;
  private readonly ctx: XccosContext;
  private disposed = false;

  constructor(private readonly config: SimChatConfig, private readonly faults: SimFaults, private readonly log: Logger, options: ChatServiceOptions) {
    this.timers = new TimerSet(options.timers);
    this.outbox = new Outbox(faults, this.timers);
    this.roomStore = new RoomStore(options.catalogue);
    this.lookupAors = new Set(config.lookupUris.map(aor));
    this.chatAor = aor(config.chatServerUri);
    this.viaHost = options.viaHost ?? 'pool0.contoso.com';
    this.now = options.now ?? (() => new Date());
    this.ctx = {
      config, rooms: this.roomStore, rootUri: options.catalogue.rootUri, log,
      now: this.now,
      sendXccos: (dialog, inner) => this.sendXccos(dialog, inner),
      chatDialog: (callId) => { const d = this.dialogs.get(callId); return d?.kind === 'chat' ? d : undefined; },
      invitationViews: (user, after) => this.roomStore.invitationsFor(user, after).map((i) => this.view(i)),
    };
  }

  handleRequest(session: SimSession, request: RawSipMessage): boolean {
    if (this.disposed || !request.isRequest) return false;
    const method = (request.method ?? '').toUpperCase();
    const callId = hdr(request, 'Call-ID') ?? '';
    const dialog = this.dialogs.get(callId);
    const target = aor(request.requestUri ?? '');
    const ours = this.lookupAors.has(target) || target === this.chatAor;
    if (!dialog && !ours && !this.closing.has(callId)) return false;
    if (!dialog && !ours && method === 'ACK') return true;
    if (this.injectedFault(session, request, method)) return true;
    const toTag = headerParam(hdr(request, 'To') ?? '', 'tag');
    if (method === 'INVITE' && toTag === undefined) return this.acceptInvite(session, request, target);
    if (method === 'ACK') { if (dialog) this.touch(dialog); return true; }
    if (!IN_DIALOG.has(method)) {
      if (!dialog) return false;
      this.outbox.respond(session, request, 405, 'Method Not Allowed', { headers: ['Allow: INVITE, ACK, CANCEL, BYE, INFO, UPDATE'] });
      return true;
    }
    const live = dialog && dialog.connectionId === session.connectionId && dialog.matchesTags(request) ? dialog : undefined;
    if (!live) {
      this.log.info(`${method} on a Call-ID that is no live chat dialog of connection ${session.connectionId}: 481`);
      this.outbox.respond(session, request, 481, 'Call Leg/Transaction Does Not Exist');
      return true;
    }
    if (method === 'CANCEL') {
      this.outbox.respond(session, request, 200, 'OK'); // the INVITE was answered already: CANCEL has no effect
      return true;
    }
    const cseq = cseqOf(request).num;
    if (!(cseq > live.remoteCseq)) {
      this.outbox.respond(session, request, 500, 'Server Internal Error', { headers: ['ms-diagnostics: 0;reason="CSeq out of order"'] });
      return true;
    }
    live.remoteCseq = cseq;
    this.touch(live);
    if (method === 'BYE') {
      this.outbox.respond(session, request, 200, 'OK');
      this.forget(live);
    } else if (method === 'INFO') {
      this.receiveInfo(live, request);
    } else {
      // UPDATE or re-INVITE: a session refresh.
      const sdp = method === 'INVITE' ? { body: sdpAnswer(live.transport), contentType: 'application/sdp' } : {};
      this.outbox.respond(session, request, 200, 'OK', { headers: this.sessionHeaders(), ...sdp });
    }
    return true;
  }

  handleResponse(session: SimSession, response: RawSipMessage): boolean {
    if (this.disposed) return false;
    const callId = hdr(response, 'Call-ID') ?? '';
    const status = response.status ?? 0;
    if (this.closing.has(callId)) {
      if (status >= 200) this.closing.delete(callId);
      return true;
    }
    const dialog = this.dialogs.get(callId);
    if (!dialog || dialog.connectionId !== session.connectionId) return false;
    const { num } = cseqOf(response);
    const method = dialog.pending.get(num) ?? cseqOf(response).method;
    if (status >= 200) dialog.pending.delete(num);
    if (status === 481 || status === 487) {
      this.log.info(`${dialog.userUri} answered ${status} to our ${method}: dropping dialog ${callId}`);
      this.forget(dialog);
    } else if (status >= 300) {
      this.log.warn(`${dialog.userUri} answered ${status} to our ${method} in ${callId}`);
    }
    return true;
  }

  sessionClosed(session: SimSession): void {
    for (const dialog of [...this.dialogs.values()]) if (dialog.connectionId === session.connectionId) this.forget(dialog);
    for (const [callId, connectionId] of this.closing) if (connectionId === session.connectionId) this.closing.delete(callId);
  }

  inviteUser(userUri: string, roomUri: string, inviterUri?: string): InvitationView | undefined {
    const room = this.requireRoom(roomUri);
    const inviter = inviterUri ?? [...room.managers][0] ?? `sip:administrator@${this.config.domain}`;
    const invitation = this.roomStore.addMember(userUri, room, inviter, this.now());
    if (!invitation) {
      this.log.info(`${userUri} is now a member of ${room.name}; the room sends no invitations`);
      return undefined;
    }
    const view = this.view(invitation);
    const targets = this.dialogsOf(userUri).filter((d) => d.kind === 'chat');
    targets.forEach((d) => this.sendXccos(d, invitationNotice(view)));
    this.log.info(`invitation ${view.id} to ${room.name} for ${userUri} (${targets.length} live session(s))`);
    return view;
  }

  post(asUserUri: string, roomUri: string, text: string, options: PostOptions = {}): ChatRecord {
    return postMessage(this.ctx, this.requireRoom(roomUri), aor(asUserUri), text, '', options.alert === true, options.rtf);
  }

  postBurst(asUserUri: string, roomUri: string, texts: readonly string[], options: BurstOptions = {}): ChatRecord[] {
    const room = this.requireRoom(roomUri);
    const author = aor(asUserUri);
    const sessions = new Set<SimSession>();
    for (const callId of room.joined.keys()) {
      const session = this.ctx.chatDialog(callId)?.session;
      if (session) sessions.add(session);
    }
    for (const session of sessions) session.cork?.();
    try {
      const records = texts.map((text) => postMessage(this.ctx, room, author, text));
      options.beforeWrite?.();
      return records;
    } finally {
      for (const session of sessions) session.uncork?.();
    }
  }

  setPresence(userUri: string, roomUri: string, present: boolean): void {
    const room = this.requireRoom(roomUri);
    const user = aor(userUri);
    const key = `sim-presence:${user}`;
    if (present === room.joined.has(key)) return;
    if (present) {
      room.joined.set(key, user);
      noticeOthers(this.ctx, room, key, `<ntc id="ntc:join" seqid="1"><data>${joinNoticeData(room.uri, { uri: user, manager: room.isManager(user) })}</data></ntc>`);
    } else {
      room.joined.delete(key);
      noticeOthers(this.ctx, room, key, `<ntc id="ntc:part" seqid="1"><data>${partNoticeData(room.uri, user)}</data></ntc>`);
    }
  }

  removeFromRoom(userUri: string, roomUri: string): number {
    const room = this.requireRoom(roomUri);
    const user = aor(userUri);
    room.members.delete(user);
    room.managers.delete(user);
    room.presenters.delete(user);
    return this.partEveryone(room, (u) => u === user);
  }

  deleteRoom(roomUri: string): number {
    const room = this.requireRoom(roomUri);
    const parted = this.partEveryone(room, () => true);
    this.roomStore.delete(room.uri);
    return parted;
  }

  /** Parts the matching users' dialogs, telling them (an ntc:part naming themselves) and the others. */
  private partEveryone(room: Room, which: (user: string) => boolean): number {
    let parted = 0;
    for (const [callId, user] of [...room.joined]) {
      if (!which(user)) continue;
      const dialog = this.ctx.chatDialog(callId);
      leaveRoom(this.ctx, room, dialog ?? ({ callId, userUri: user } as Dialog));
      if (dialog) {
        this.sendXccos(dialog, `<ntc id="ntc:part" seqid="1"><data>${partNoticeData(room.uri, user)}</data></ntc>`);
        parted++;
      }
    }
    this.log.info(`${room.name}: ${parted} dialog(s) parted by the server`);
    return parted;
  }

  disconnect(userUri: string): number {
    const dialogs = this.dialogsOf(userUri);
    for (const dialog of dialogs) this.bye(dialog);
    return dialogs.length;
  }

  sendMalformedXccos(userUri: string): number {
    const dialogs = this.dialogsOf(userUri).filter((d) => d.kind === 'chat');
    for (const dialog of dialogs) {
      const body = `<xccos ver="1" envid="${this.envids.take()}" xmlns="${XCCOS_NS}"><rpl id="rpl:join" seqid="1"><resp code="200">SUCCESS_OK</rpl>`;
      this.outbox.send(dialog.session, dialog.request('INFO', this.viaHost, { body, contentType: 'text/plain' }));
    }
    return dialogs.length;
  }

  rooms(): RoomSummary[] {
    return this.roomStore.list().map((r) => ({
      uri: r.uri, name: r.name, description: r.description, privacy: r.privacy, invitations: r.invitations,
      members: [...r.members], managers: [...r.managers], participants: r.participants().map((p) => p.uri), historyCount: r.history.length,
    }));
  }

  users(): string[] {
    return [...new Set([...this.dialogs.values()].filter((d) => d.kind === 'chat').map((d) => d.userUri))].sort();
  }

  sessions(): ChatSessionInfo[] {
    return [...this.dialogs.values()].map((d) => ({
      connectionId: d.connectionId, userUri: d.userUri, callId: d.callId, kind: d.kind,
      rooms: this.roomStore.list().filter((r) => r.joined.has(d.callId)).map((r) => r.uri),
    }));
  }

  ownsCallId(callId: string): boolean {
    return this.dialogs.has(callId) || this.closing.has(callId);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  dispose(): void {
    this.disposed = true;
    this.timers.clearAll();
    this.dialogs.clear();
    this.closing.clear();
  }

  private injectedFault(session: SimSession, request: RawSipMessage, method: string): boolean {
    const fault = this.faults.nextResponse;
    if (!fault || method === 'ACK' || (fault.method && fault.method.toUpperCase() !== method)) return false;
    this.faults.nextResponse = undefined;
    this.log.info(`fault: answering ${method} with ${fault.status} ${fault.reason}`);
    this.outbox.respond(session, request, fault.status, fault.reason, { headers: fault.diagnostics ? [`ms-diagnostics: ${fault.diagnostics}`] : [] });
    return true;
  }

  private acceptInvite(session: SimSession, request: RawSipMessage, target: string): boolean {
    const kind: DialogKind | undefined = this.lookupAors.has(target) ? 'lookup' : target === this.chatAor ? 'chat' : undefined;
    if (!kind) return false;
    if (!/^m=message\s/m.test(request.body.toString('utf8'))) {
      this.outbox.respond(session, request, 488, 'Not Acceptable Here', { headers: ['ms-diagnostics: 0;reason="An m=message SDP offer is required"'] });
      return true;
    }
    const user = aor(session.userUri ?? uriOf(hdr(request, 'From') ?? ''));
    const dialog = new Dialog(kind, session, request, user);
    if (!dialog.callId || dialog.remoteTag === undefined) {
      this.outbox.respond(session, request, 400, 'Bad Request', { headers: ['ms-diagnostics: 0;reason="Call-ID and From tag are required"'] });
      return true;
    }
    if (this.dialogs.has(dialog.callId)) {
      this.outbox.respond(session, request, 482, 'Loop Detected');
      return true;
    }
    this.dialogs.set(dialog.callId, dialog);
    this.touch(dialog);
    this.log.info(`${kind} dialog ${dialog.callId} for ${user} on connection ${session.connectionId}`);
    this.outbox.respond(session, request, 200, 'OK', {
      toTag: dialog.localTag,
      headers: [`Contact: ${dialog.contact}`, ...this.sessionHeaders(), 'Supported: ms-dialog-route-set-update'],
      body: sdpAnswer(dialog.transport),
      contentType: 'application/sdp',
    });
    return true;
  }

  private sessionHeaders(): string[] {
    return [`Session-Expires: ${Math.max(1, Math.ceil(this.config.sessionExpiresSec))};refresher=uac`];
  }

  private receiveInfo(dialog: Dialog, request: RawSipMessage): void {
    let root: XmlElement;
    try {
      if (request.body.length > MAX_XCCOS_BYTES) throw new LyncError('ProtocolError', `XCCOS body of ${request.body.length} bytes exceeds ${MAX_XCCOS_BYTES}`);
      root = parseXccosXml(request.body.toString('utf8'));
      if (root.name !== 'xccos') throw new LyncError('ProtocolError', `root element <${root.name}> is not an XCCOS envelope`);
    } catch (err) {
      this.log.warn(`rejected INFO from ${dialog.userUri} in ${dialog.callId}: ${(err as Error).message}`);
      this.outbox.respond(dialog.session, request, 400, 'Bad Request', { headers: ['ms-diagnostics: 0;reason="Malformed XCCOS"'] });
      return;
    }
    this.outbox.respond(dialog.session, request, 200, 'OK');
    const envid = root.attrs.envid ?? '';
    for (const element of root.children) {
      try {
        this.dispatch(dialog, envid, element);
      } catch (err) {
        this.log.error(`XCCOS <${element.name} id="${element.attrs.id ?? ''}"> from ${dialog.userUri} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  private dispatch(dialog: Dialog, envid: string, element: XmlElement): void {
    const ref = { seqid: element.attrs.seqid ?? '1', envid };
    if (element.name === 'grpchat' && dialog.kind === 'chat') return handleGrpchat(this.ctx, dialog, envid, element);
    if (element.name !== 'cmd' && element.name !== 'grpchat') {
      this.log.info(`ignoring <${element.name}> from ${dialog.userUri}`);
      return;
    }
    const id = (element.attrs.id ?? '').toLowerCase();
    const handler = (dialog.kind === 'lookup' ? LOOKUP_COMMANDS : CHAT_COMMANDS)[id];
    if (handler) handler(this.ctx, dialog, ref, child(element, 'data'));
    else unsupported(this.ctx, dialog, ref, element.attrs.id ?? element.name);
  }

  private sendXccos(dialog: Dialog, inner: string): void {
    if (!this.dialogs.has(dialog.callId)) return;
    const body = envelope(this.envids.take(), inner);
    this.outbox.send(dialog.session, dialog.request('INFO', this.viaHost, { body, contentType: 'text/plain' }));
  }

  /** (Re)starts the idle timer: no request for Session-Expires seconds → BYE. */
  private touch(dialog: Dialog): void {
    this.timers.clear(dialog.idleTimer);
    dialog.idleTimer = this.timers.start(this.config.sessionExpiresSec * 1000, () => {
      this.log.info(`${dialog.kind} dialog ${dialog.callId} of ${dialog.userUri} idle for ${this.config.sessionExpiresSec}s: BYE`);
      this.bye(dialog);
    });
  }

  private bye(dialog: Dialog): void {
    this.outbox.send(dialog.session, dialog.request('BYE', this.viaHost));
    this.closing.set(dialog.callId, dialog.connectionId);
    this.forget(dialog);
  }

  /** Drops a dialog: its timer, its room presence (ntc:part to the others). */
  private forget(dialog: Dialog): void {
    if (this.dialogs.get(dialog.callId) !== dialog) return;
    this.dialogs.delete(dialog.callId);
    this.timers.clear(dialog.idleTimer);
    for (const room of this.roomStore.list()) leaveRoom(this.ctx, room, dialog);
  }

  private dialogsOf(userUri: string): Dialog[] {
    const user = aor(userUri);
    return [...this.dialogs.values()].filter((d) => d.userUri === user);
  }

  private requireRoom(roomUri: string): Room {
    const room = this.roomStore.get(roomUri);
    if (!room) throw new LyncError('CommandFailed', `No room ${roomUri} in the catalogue`);
    return room;
  }

  private view(invitation: Invitation): InvitationView {
    const room = this.requireRoom(invitation.roomUri);
    return { id: invitation.id, createdOn: invitation.createdOn, inviter: invitation.inviter, room, userCount: room.userCount() };
  }
}
