/**
 * One dialog the chat layer accepted (lookup or chat server): the identifiers and CSeq counters
 * it needs to send in-dialog requests, and the idle (Session-Expires) timer.
 */
import type { RawSipMessage } from '../../src/sip/message/rawMessage';
import type { SimSession } from '../types';
import { buildRequest, cseqOf, hdr, headerParam, randomHex, transportOf, uriOf } from './sipText';
import type { TimerRef } from './timers';

export type DialogKind = 'lookup' | 'chat';

export class Dialog {
  readonly callId: string;
  readonly localTag = randomHex(8);
  readonly remoteTag: string | undefined;
  /** Our From in requests we send: the INVITE's To with our tag. */
  readonly localHeader: string;
  /** Our To in requests we send: the INVITE's From, verbatim (tag, epid). */
  readonly remoteHeader: string;
  /** Where our requests go: the client's Contact. */
  readonly remoteTarget: string;
  /** Our Contact: the dialed address as a GRUU of the service. */
  readonly contact: string;
  readonly transport: 'TLS' | 'TCP';
  /** Canonical sip:user@host of the client. */
  readonly userUri: string;
  remoteCseq: number;
  private localCseq = 0;
  /** Requests we sent and await a response to: CSeq number → method. */
  readonly pending = new Map<number, string>();
  idleTimer: TimerRef | undefined;

  constructor(readonly kind: DialogKind, readonly session: SimSession, invite: RawSipMessage, userUri: string) {
    this.callId = hdr(invite, 'Call-ID') ?? '';
    const from = hdr(invite, 'From') ?? '';
    const to = hdr(invite, 'To') ?? '';
    this.remoteTag = headerParam(from, 'tag');
    this.remoteHeader = from;
    this.localHeader = `<${uriOf(to)}>;tag=${this.localTag}`;
    const contact = hdr(invite, 'Contact');
    this.remoteTarget = contact ? uriOf(contact) : uriOf(from);
    // The dialed address when it is already a GRUU (a chat server URI usually is), else made one.
    const dialed = invite.requestUri ?? uriOf(to);
    this.contact = /;gruu\b/i.test(dialed) ? `<${dialed}>` : `<${dialed.split(';')[0]};gruu;opaque=srvr:chat:${kind === 'lookup' ? 'lookup' : 'server'}>`;
    this.transport = transportOf(invite);
    this.userUri = userUri;
    this.remoteCseq = cseqOf(invite).num;
  }

  get connectionId(): number {
    return this.session.connectionId;
  }

  /** True when `request`'s tags belong to this dialog (From = client's tag, To = ours). */
  matchesTags(request: RawSipMessage): boolean {
    const fromTag = headerParam(hdr(request, 'From') ?? '', 'tag');
    const toTag = headerParam(hdr(request, 'To') ?? '', 'tag');
    return fromTag === this.remoteTag && toTag === this.localTag;
  }

  /** Text of an in-dialog request from the server (CSeq counts up from 1). */
  request(method: string, viaHost: string, options: { headers?: string[]; body?: string; contentType?: string } = {}): string {
    const cseq = ++this.localCseq;
    this.pending.set(cseq, method);
    return buildRequest({
      method,
      requestUri: this.remoteTarget,
      transport: this.transport,
      viaHost,
      from: this.localHeader,
      to: this.remoteHeader,
      callId: this.callId,
      cseq,
      ...options,
    });
  }
}
