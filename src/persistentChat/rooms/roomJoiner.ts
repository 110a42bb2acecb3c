import { LyncError } from '../../common/errors';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import type { JoinedRoom } from '../xccos/types';
import { joinRefusal } from './errors';
import { roomKey } from './messageModel';
import type { ReadMarkers } from './readMarkers';
import { dedupe, RoomEntry, snapshot } from './roomEntry';
import type { RoomHistory } from './roomHistory';
import type { RoomTable } from './roomTable';
import type { FollowedRoom, RoomInfo } from './types';

/** Joining and leaving rooms (`cmd:join`, `cmd:bjoin`, `cmd:part`), following them, and learning why a join was refused. */
export class RoomJoiner {
  constructor(private readonly table: RoomTable, private readonly history: RoomHistory, private readonly markers: ReadMarkers) {}

  async follow(uris: string[], signal?: AbortSignal): Promise<FollowedRoom[]> {
    const chat = this.table.requireChat();
    const wanted = dedupe(uris);
    const fresh = wanted.filter((uri) => this.table.get(uri)?.state !== 'Joined');
    // Several rooms in one cmd:bjoin; a room it left out, or a single room, is joined alone.
    const bjoined = fresh.length > 1 ? await bjoin(chat, fresh, signal) : undefined;
    let firstRefusal: LyncError | undefined;
    for (const uri of fresh) {
      const entry = this.table.ensure(uri);
      const room = bjoined && (bjoined.find((r) => roomKey(r.uri) === roomKey(uri)) ?? chat.getJoinedRoom(uri));
      if (room) {
        this.joinedAs(entry, room);
        await this.history.catchUp(entry, signal);
        continue;
      }
      try {
        await this.joinAlone(entry, signal);
      } catch (error) {
        firstRefusal ??= LyncError.from(error);
      }
    }
    for (const uri of wanted) {
      const entry = this.table.get(uri);
      if (!entry || entry.state !== 'Joined' || entry.followed) continue;
      entry.followed = true;
      entry.record = { ...entry.record, uri: entry.uri, name: entry.info.name };
      if (!entry.record.lastReadTime) this.markers.markRead(entry.uri);
    }
    this.table.persist();
    this.table.fireChanged();
    if (firstRefusal) throw firstRefusal;
    return wanted.map((uri) => this.table.get(uri)).filter((e): e is RoomEntry => !!e).map(snapshot);
  }

  async unfollow(uri: string, signal?: AbortSignal): Promise<void> {
    const entry = this.table.get(uri);
    if (!entry) return;
    const chat = this.table.chat;
    if (chat && entry.state === 'Joined') {
      try {
        await chat.leaveChatRoom(entry.uri, signal);
      } catch (error) {
        const e = joinRefusal(error, entry.info.name);
        if (e.code !== 'RoomNotFound' && e.code !== 'NotAMember') throw e;
      }
    }
    this.table.delete(uri);
    this.table.persist();
    this.table.fireChanged();
  }

  /** Joins without following (history, post, tail); the room's messages reach onMessage until leave() or the connection ends. */
  async join(uris: string[], signal?: AbortSignal): Promise<RoomInfo[]> {
    this.table.requireChat();
    const out: RoomInfo[] = [];
    for (const uri of dedupe(uris)) out.push((await this.ensureJoined(uri, signal)).info);
    return out;
  }

  /** Leaves a room joined with join(); a followed room stays followed (use unfollow). */
  async leave(uri: string, signal?: AbortSignal): Promise<void> {
    const entry = this.table.get(uri);
    if (!entry || entry.followed) return;
    this.table.delete(uri);
    const chat = this.table.chat;
    if (chat && entry.state === 'Joined') await chat.leaveChatRoom(entry.uri, signal).catch(() => undefined);
  }

  /** The room, joined now (and read back) if it is not yet. */
  async ensureJoined(uri: string, signal?: AbortSignal): Promise<RoomEntry> {
    const entry = this.table.ensure(uri);
    if (entry.state === 'Joined' && this.table.chat?.getJoinedRoom(entry.uri)) return entry;
    await this.joinAlone(entry, signal);
    return entry;
  }

  /** The endpoint is established: record the rooms its bjoin joined, learn why others were refused, catch up on history. */
  async joinAndCatchUp(signal?: AbortSignal): Promise<void> {
    const chat = this.table.chat;
    if (!chat) return;
    this.table.sizeLimit = chat.serverInfo?.messageSizeLimit;
    this.table.searchLimit = chat.serverInfo?.searchLimit;
    const work: Promise<void>[] = [];
    for (const entry of [...this.table.entries.values()]) {
      if (entry.state !== 'Joining') continue;
      const joined = chat.getJoinedRoom(entry.uri);
      if (joined) {
        this.joinedAs(entry, joined);
        work.push(this.history.catchUp(entry, signal));
      } else {
        // The bjoin left it out: join it alone to learn why (not a member, gone) or to retry.
        work.push(this.joinOrRecordRefusal(entry, signal));
      }
    }
    await Promise.all(work);
  }

  /** Joins the room alone; a refusal becomes its state (removed → NoAccess, deleted → Gone) instead of an error. */
  async joinOrRecordRefusal(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    try {
      await this.joinAndReadBack(entry, signal);
    } catch (error) {
      this.refused(entry, error);
    }
  }

  /** Joins the room alone; a refusal forgets a room not followed and is thrown as a typed error. */
  private async joinAlone(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    try {
      await this.joinAndReadBack(entry, signal);
    } catch (error) {
      this.table.dropIfUnfollowed(entry);
      throw joinRefusal(error, entry.info.name);
    }
  }

  /** The one way a single room is joined: `cmd:join`, then its history read back to what was already seen. */
  private async joinAndReadBack(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    const chat = this.table.requireChat();
    this.table.markJoining(entry);
    const room = await chat.joinChatRoom(entry.uri, signal);
    if (!chat.getJoinedRoom(entry.uri)) throw new LyncError('CommandFailed', `The server did not join ${entry.uri}.`, { retriable: false });
    this.joinedAs(entry, room);
    await this.history.catchUp(entry, signal);
  }

  private joinedAs(entry: RoomEntry, room: JoinedRoom): void {
    if (room.name && room.name !== room.uri) entry.info.name = room.name;
    if (room.topic !== undefined) entry.info.description = room.topic;
    entry.participants = new Set([...room.managers, ...room.members]);
    this.table.markJoined(entry);
    if (entry.followed && entry.record.name !== entry.info.name) {
      entry.record = { ...entry.record, name: entry.info.name };
      this.table.persist();
    }
  }

  private refused(entry: RoomEntry, error: unknown): void {
    const e = joinRefusal(error, entry.info.name);
    this.table.markRefused(entry, e);
    this.table.logger.warn(`${entry.info.name}: ${e.message}`);
    this.table.fireChanged();
  }
}

/** `cmd:bjoin`; a refusal of the whole command leaves every room to be joined alone. */
function bjoin(chat: PersistentChatEndpoint, uris: string[], signal?: AbortSignal): Promise<JoinedRoom[]> {
  return chat.joinChatRooms(uris, signal).catch((error) => {
    if (!LyncError.is(error, 'CommandFailed')) throw error;
    return [] as JoinedRoom[];
  });
}
