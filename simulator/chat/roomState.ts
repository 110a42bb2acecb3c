/**
 * The chat server's live state: rooms (from the catalogue) with their members, who is joined from
 * which dialog, history, and the invitation list with its id counter.
 */
import type { Catalogue, CatalogueRoom, RoomPrivacy } from './catalogue';
import type { ChatRecord, Participant, RoomRecord } from './xccosXml';
import { aor } from './sipText';

export interface Invitation {
  id: number;
  user: string;        // canonical sip:user@host
  roomUri: string;
  inviter: string;
  createdOn: string;
}

export class Room implements RoomRecord {
  readonly uri: string;
  readonly name: string;
  readonly description: string;
  readonly topic: string;
  readonly privacy: RoomPrivacy;
  readonly invitations: boolean;
  readonly filePost: boolean;
  readonly categoryId: string;
  readonly members = new Set<string>();
  readonly managers = new Set<string>();
  readonly presenters = new Set<string>();
  /** Joined participants: dialog Call-ID → canonical user URI. */
  readonly joined = new Map<string, string>();
  readonly history: ChatRecord[];

  constructor(source: CatalogueRoom) {
    this.uri = source.uri;
    this.name = source.name;
    this.description = source.description;
    this.topic = source.topic;
    this.privacy = source.privacy;
    this.invitations = source.invitations;
    this.filePost = source.filePost;
    this.categoryId = source.category;
    source.members.forEach((m) => this.members.add(aor(m)));
    source.managers.forEach((m) => this.managers.add(aor(m)));
    source.presenters.forEach((m) => this.presenters.add(aor(m)));
    this.history = [
      ...generatedHistory(source),
      ...source.history.map((m) => ({ chanUri: source.uri, author: aor(m.author), ts: m.ts, text: m.text })),
    ];
  }

  isManager(user: string): boolean {
    return this.managers.has(aor(user));
  }

  isMember(user: string): boolean {
    const u = aor(user);
    return this.members.has(u) || this.managers.has(u);
  }

  /** Open rooms admit everyone; closed and secret rooms only their members and managers. */
  canJoin(user: string): boolean {
    return this.privacy === 'open' || this.isMember(user);
  }

  /** Anyone who may enter may post, except in an auditorium (presenters and managers only). */
  canPost(user: string): boolean {
    return this.presenters.size === 0 ? this.canJoin(user) : this.presenters.has(aor(user)) || this.isManager(user);
  }

  /** Secret rooms are hidden from search for anyone who is not a member. */
  visibleTo(user: string): boolean {
    return this.privacy !== 'secret' || this.isMember(user);
  }

  /** Distinct joined users, in join order, with their role. */
  participants(): Participant[] {
    const seen = new Set<string>();
    const out: Participant[] = [];
    for (const user of this.joined.values()) {
      if (seen.has(user)) continue;
      seen.add(user);
      out.push({ uri: user, manager: this.isManager(user) });
    }
    return out;
  }

  userCount(): number {
    return new Set(this.joined.values()).size;
  }
}

export class RoomStore {
  private readonly byUri = new Map<string, Room>();
  private readonly invitationList: Invitation[];
  private nextInvitationId: number;

  constructor(catalogue: Catalogue) {
    for (const room of catalogue.rooms) this.byUri.set(room.uri.toLowerCase(), new Room(room));
    this.invitationList = catalogue.invitations.map((i) => ({ id: i.id, user: aor(i.user), roomUri: i.room, inviter: aor(i.inviter), createdOn: i.createdOn }));
    this.nextInvitationId = Math.max(0, ...this.invitationList.map((i) => i.id)) + 1;
  }

  get(uri: string): Room | undefined {
    return this.byUri.get(uri.toLowerCase());
  }

  list(): Room[] {
    return [...this.byUri.values()];
  }

  /** Deletes a room (control API); returns it. */
  delete(uri: string): Room | undefined {
    const room = this.get(uri);
    if (room) this.byUri.delete(uri.toLowerCase());
    return room;
  }

  /** Invitations for `user` with an id greater than `afterId`, oldest first. */
  invitationsFor(user: string, afterId: number): Invitation[] {
    const u = aor(user);
    return this.invitationList.filter((i) => i.user === u && i.id > afterId).sort((a, b) => a.id - b.id);
  }

  /** Grants membership; issues an invitation (next id) only when the room's invitations setting is on. */
  addMember(user: string, room: Room, inviter: string, now: Date): Invitation | undefined {
    room.members.add(aor(user));
    if (!room.invitations) return undefined;
    const invitation: Invitation = {
      id: this.nextInvitationId++,
      user: aor(user),
      roomUri: room.uri,
      inviter: aor(inviter),
      createdOn: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    this.invitationList.push(invitation);
    return invitation;
  }

  /** Removes a dialog from every room it joined; returns those rooms. */
  leaveAll(callId: string): Room[] {
    const left: Room[] = [];
    for (const room of this.byUri.values()) {
      if (room.joined.delete(callId)) left.push(room);
    }
    return left;
  }

  /** Every user the catalogue or the live state knows (members, managers, authors, invitees). */
  knownUsers(): string[] {
    const users = new Set<string>();
    for (const room of this.byUri.values()) {
      room.members.forEach((u) => users.add(u));
      room.managers.forEach((u) => users.add(u));
      room.history.forEach((m) => users.add(m.author));
      room.joined.forEach((u) => users.add(u));
    }
    this.invitationList.forEach((i) => users.add(i.user));
    return [...users].sort();
  }
}

const GENERATED_AUTHORS = ['sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:dave@contoso.com', 'sip:erin@contoso.com'];
const GENERATED_TEXTS = [
  'Build {n} passed: 1,284 tests, 0 failures.',
  'Build {n} failed: 2 tests in payments-api; see the log.',
  'Deployed build {n} to staging.',
  'Nightly {n}: code coverage 81.4% (+0.2).',
];

/** `count` messages, one a minute, ending a minute before the room's first listed message (or 2026-11-20). */
function generatedHistory(source: CatalogueRoom): ChatRecord[] {
  const end = source.history.length ? Date.parse(source.history[0].ts) : Date.parse('2026-11-20T00:00:00Z');
  const out: ChatRecord[] = [];
  const authors = source.presenters.length ? source.presenters.map(aor) : GENERATED_AUTHORS;
  for (let i = 0; i < source.generatedHistory; i++) {
    const ts = new Date(end - (source.generatedHistory - i) * 60_000).toISOString();
    const n = i + 1;
    out.push({ chanUri: source.uri, author: authors[i % authors.length], ts, text: GENERATED_TEXTS[i % GENERATED_TEXTS.length].replace('{n}', String(n)) });
  }
  return out;
}
