/**
 * Presence for the pool's users, as a Lync 2013 front end serves a batched category subscription
 * (docs/protocol/presence.md): a SUBSCRIBE to the user's own URI with a `batchSub` body is answered
 * 200 OK with the first notification piggy-backed (contact card and state of every resource that is
 * a pool user), kept as a dialog, refreshed in place, ended with `Expires: 0` or when the connection
 * closes. A presence change (setAvailability) is pushed to every subscriber as a BENOTIFY.
 */
import { headerParam, RawSipMessage } from '../../src/sip/message/rawMessage';
import { buildRequest, randomHex } from '../chat/sipText';
import { findUser, PoolConfig } from '../config';
import type { SimConnection } from '../connection';
import { aorOf } from '../uri';
import { BATCH_SUBSCRIBE_TYPE, parseBatchSub } from './batchSub';
import { categoriesDocument, presenceBody } from './categoriesXml';
import { contactListBody, ROAMING_CONTACTS_EVENT, ROAMING_CONTACTS_TYPE } from './roamingContacts';

/** Lync availability numbers the controls set (the middle of each range). */
export const AVAILABILITY = { available: 3500, busy: 6500, doNotDisturb: 9500, beRightBack: 12500, away: 15500, offline: 18500 } as const;
export type SimAvailability = keyof typeof AVAILABILITY;

interface SimSubscription {
  conn: SimConnection;
  callId: string;
  ourTag: string;
  owner: string;
  /** The subscriber's From (with its tag): our BENOTIFY's To. */
  subscriber: string;
  contact: string;
  resources: string[];
  cseq: number;
  expiresAt: number;
}

export class SimPresence {
  private readonly subscriptions = new Map<string, SimSubscription>();
  private readonly availability = new Map<string, number>();
  private readonly contacts = new Map<string, string[]>();
  /** Off: presence SUBSCRIBEs get the plain self-subscription answer (no presence), as from a pool without it. */
  enabled = true;
  /** Longest subscription lifetime granted, in seconds. */
  maxExpiresSec = 3600;
  /** How changes are pushed: BENOTIFY (Lync's best-effort NOTIFY, the default) or a NOTIFY the client answers. */
  notifyMethod: 'BENOTIFY' | 'NOTIFY' = 'BENOTIFY';

  constructor(private readonly config: PoolConfig, private readonly signedIn: (aor: string) => boolean) {}

  /** The user's roaming contact list from the next subscription to it (a client then subscribes to their presence). */
  setContacts(userUri: string, contacts: readonly string[]): void {
    this.contacts.set(aorOf(userUri), contacts.map(aorOf));
  }

  /** Handles a presence SUBSCRIBE (batched, or in one of its dialogs), or a contact list given contacts; false otherwise. */
  handleSubscribe(conn: SimConnection, message: RawSipMessage): boolean {
    const event = message.header('Event') ?? '';
    if (event.trim().toLowerCase() === ROAMING_CONTACTS_EVENT) return this.contactList(conn, message);
    if (!this.enabled || !/^presence\s*(;|$)/i.test(event)) return false;
    const existing = this.subscriptions.get(message.header('Call-ID') ?? '');
    if (existing && existing.conn === conn) return this.refresh(existing, message);
    if (headerParam(message.header('To') ?? '', 'tag') !== undefined) return false;
    if (!(message.header('Content-Type') ?? '').toLowerCase().startsWith(BATCH_SUBSCRIBE_TYPE)) return false;
    const batch = parseBatchSub(message.body.toString('utf8'));
    const owner = aorOf(message.requestUri ?? '');
    if (!batch) return conn.reply(message, 400, 'Bad Request'), true;
    if (!conn.userUri || owner !== aorOf(conn.userUri)) return conn.reply(message, 403, 'Forbidden'), true;
    const sub: SimSubscription = {
      conn, callId: message.header('Call-ID') ?? '', ourTag: randomHex(16).toLowerCase(), owner,
      subscriber: message.header('From') ?? '', contact: /<([^>]+)>/.exec(message.header('Contact') ?? '')?.[1] ?? '',
      resources: batch.resources, cseq: 0, expiresAt: 0,
    };
    const expires = this.grant(message);
    if (expires === 0) return this.answer(sub, message, 0), true;
    this.subscriptions.set(sub.callId, sub);
    conn.note(`presence: subscribed to ${sub.resources.length} people (Call-ID ${sub.callId})`);
    this.answer(sub, message, expires);
    return true;
  }

  /** Sets a user's availability and notifies every subscriber; returns how many were notified. */
  setAvailability(userUri: string, state: SimAvailability | number): number {
    const aor = aorOf(userUri);
    this.availability.set(aor, typeof state === 'number' ? state : AVAILABILITY[state]);
    let notified = 0;
    for (const sub of this.live()) {
      if (!sub.resources.includes(aor)) continue;
      const person = this.person(aor);
      if (person) this.notify(sub, [categoriesDocument(person, false)]);
      notified++;
    }
    return notified;
  }

  /** The connection closed: its subscriptions end with it. */
  connectionClosed(conn: SimConnection): void {
    for (const [id, sub] of this.subscriptions) if (sub.conn === conn) this.subscriptions.delete(id);
  }

  /** Live subscriptions: who subscribed, to how many people (tests and the console read it). */
  list(): { owner: string; callId: string; resources: string[]; expiresAt: Date }[] {
    return this.live().map((s) => ({ owner: s.owner, callId: s.callId, resources: [...s.resources], expiresAt: new Date(s.expiresAt) }));
  }

  private contactList(conn: SimConnection, message: RawSipMessage): boolean {
    const owner = aorOf(message.requestUri ?? '');
    const contacts = this.contacts.get(owner);
    if (!contacts || !conn.userUri || owner !== aorOf(conn.userUri) || message.header('Expires')?.trim() === '0') return false;
    conn.reply(message, 200, 'OK', {
      headers: [`Contact: <sip:${this.config.fqdn};transport=${conn.transport.toLowerCase()}>`, 'Expires: 7200', `Event: ${ROAMING_CONTACTS_EVENT}`,
        'subscription-state: active;expires=7200', 'ms-piggyback-cseq: 1'],
      body: contactListBody(contacts), contentType: ROAMING_CONTACTS_TYPE,
    });
    return true;
  }

  private refresh(sub: SimSubscription, message: RawSipMessage): boolean {
    const expires = this.grant(message);
    if (expires === 0) {
      this.subscriptions.delete(sub.callId);
      sub.conn.note(`presence: unsubscribed (Call-ID ${sub.callId})`);
    } else {
      sub.conn.note(`presence: refreshed for ${expires} s (Call-ID ${sub.callId})`);
    }
    this.answer(sub, message, expires);
    return true;
  }

  private grant(message: RawSipMessage): number {
    const asked = Number.parseInt(message.header('Expires') ?? '', 10);
    return Math.max(0, Math.min(this.maxExpiresSec, Number.isFinite(asked) ? asked : this.maxExpiresSec));
  }

  /** 200 OK with the first notification piggy-backed (none when ending). */
  private answer(sub: SimSubscription, message: RawSipMessage, expires: number): void {
    sub.expiresAt = Date.now() + expires * 1000;
    const state = expires === 0 ? 'terminated;expires=0' : `active;expires=${expires}`;
    const headers = [`Contact: <sip:${this.config.fqdn};transport=${sub.conn.transport.toLowerCase()}>`, `Expires: ${expires}`, 'Event: presence',
      `subscription-state: ${state}`, 'Supported: ms-benotify, ms-piggyback-first-notify'];
    const documents = expires === 0 ? [] : this.documents(sub.resources);
    if (documents.length === 0) return sub.conn.reply(message, 200, 'OK', { headers, toTag: sub.ourTag });
    const { contentType, body } = presenceBody(documents);
    sub.conn.reply(message, 200, 'OK', { headers: [...headers, `ms-piggyback-cseq: ${sub.cseq + 1}`], body, contentType, toTag: sub.ourTag });
  }

  private documents(resources: readonly string[]): string[] {
    return resources.flatMap((aor) => {
      const person = this.person(aor);
      return person ? [categoriesDocument(person)] : [];
    });
  }

  /** A pool user's card; undefined for anyone else (the client keeps their SIP address). */
  private person(aor: string): { uri: string; displayName: string; availability: number } | undefined {
    const user = findUser(this.config.users, aor.replace(/^sip:/, ''));
    if (!user) return undefined;
    const availability = this.availability.get(aor) ?? (this.signedIn(aor) ? AVAILABILITY.available : AVAILABILITY.offline);
    return { uri: aor, displayName: user.displayName, availability };
  }

  private live(): SimSubscription[] {
    const now = Date.now();
    for (const [id, sub] of this.subscriptions) if (sub.expiresAt <= now || !sub.conn.open) this.subscriptions.delete(id);
    return [...this.subscriptions.values()];
  }

  /** A BENOTIFY (or NOTIFY, see notifyMethod) in the subscription's dialog. */
  private notify(sub: SimSubscription, documents: string[]): void {
    const { contentType, body } = presenceBody(documents);
    const seconds = Math.max(0, Math.round((sub.expiresAt - Date.now()) / 1000));
    sub.conn.sendStalled(buildRequest({
      method: this.notifyMethod, requestUri: sub.contact || sub.subscriber, transport: sub.conn.transport, viaHost: this.config.fqdn,
      from: `<${sub.owner}>;tag=${sub.ourTag}`, to: sub.subscriber, callId: sub.callId, cseq: ++sub.cseq,
      headers: ['Event: presence', `subscription-state: active;expires=${seconds}`], contentType, body,
    }));
  }
}
