import { Disposable, Emitter } from '../../common/events';
import type { Logger } from '../../common/logger';
import type { Availability } from '../../endpoint/presence/availability';
import type { PresenceUpdate } from '../../endpoint/presence/presenceBody';
import { PresenceSubscription, presenceUri } from '../../endpoint/presence/presenceSubscription';
import type { SipStack } from '../../sip/sipStack';

export type { Availability } from '../../endpoint/presence/availability';

/** What the pool said about a person; fields it did not send are absent (show the SIP address). */
export interface Person {
  /** `sip:bob@contoso.com`, lower case. */
  uri: string;
  displayName?: string;
  title?: string;
  availability?: Availability;
}

const MAX_PEOPLE = 1000;

/**
 * The people the user sees (room authors and participants, and the user), with their names and
 * presence, for the whole ChatConnection: each signed-in attempt lends it a SIP stack, on which it
 * subscribes to everyone wanted so far; what was learnt stays across reconnects.
 */
export class PresenceDirectory implements Disposable {
  private readonly people = new Map<string, Person>();
  private readonly wanted = new Set<string>();
  private readonly emitter = new Emitter<Person[]>();
  private subscription: PresenceSubscription | undefined;
  /** People whose name or presence changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly selfUri: string) {
    const self = presenceUri(selfUri);
    if (self) this.wanted.add(self);
  }

  /** What is known of `uri` (undefined: nothing yet, or the pool answers no presence). */
  get(uri: string): Person | undefined {
    const key = presenceUri(uri);
    return key ? this.people.get(key) : undefined;
  }

  /** The signed-in user's display name, once the pool has given it. */
  get selfDisplayName(): string | undefined {
    return this.get(this.selfUri)?.displayName;
  }

  /** Follows these people from now on (bounded; the rest keep their SIP address). */
  want(uris: Iterable<string>): void {
    const added: string[] = [];
    for (const raw of uris) {
      const uri = presenceUri(raw);
      if (!uri || this.wanted.has(uri)) continue;
      if (this.wanted.size >= MAX_PEOPLE) break;
      this.wanted.add(uri);
      added.push(uri);
    }
    if (added.length > 0) this.subscription?.add(added);
  }

  /** A signed-in connection: subscribe on it to everyone wanted. Replaces any previous one. */
  attach(stack: SipStack, logger: Logger): void {
    this.subscription?.dispose();
    const subscription = new PresenceSubscription(stack, { ownerUri: this.selfUri, logger, maxPeople: MAX_PEOPLE });
    subscription.onUpdate((updates) => this.updated(updates));
    this.subscription = subscription;
    subscription.add(this.wanted);
  }

  /** The connection is ending: unsubscribe (bounded); names and presence stay known. */
  async detach(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.emitter.dispose();
  }

  private updated(updates: PresenceUpdate[]): void {
    const changed: Person[] = [];
    for (const update of updates) {
      if (!this.wanted.has(update.uri)) continue;
      const before = this.people.get(update.uri);
      const after: Person = { ...before, ...update };
      if (before && same(before, after)) continue;
      this.people.set(update.uri, after);
      changed.push(after);
    }
    if (changed.length > 0) this.emitter.fire(changed);
  }
}

function same(a: Person, b: Person): boolean {
  return a.displayName === b.displayName && a.title === b.title && a.availability === b.availability;
}
