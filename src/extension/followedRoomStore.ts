import type * as vscode from 'vscode';
import type { FollowedRoomRecord, FollowedRoomStore } from '../persistentChat/rooms/types';

/** globalState key of the followed rooms, per signed-in user. */
const FOLLOWED_ROOMS_KEY = 'lyncPersistentChat.followedRooms';

const MAX_ROOMS = 500;

/** Followed rooms kept in VS Code's globalState, one list per signed-in user (values from storage are checked, not trusted). */
export class GlobalStateFollowedRoomStore implements FollowedRoomStore {
  private readonly key: string;

  constructor(private readonly state: vscode.Memento, userUri: string) {
    this.key = `${FOLLOWED_ROOMS_KEY}:${userUri.toLowerCase()}`;
  }

  load(): FollowedRoomRecord[] {
    const raw = this.state.get<unknown>(this.key);
    if (!Array.isArray(raw)) return [];
    return raw.filter(isRecord).slice(0, MAX_ROOMS);
  }

  save(rooms: FollowedRoomRecord[]): void {
    void this.state.update(this.key, rooms.slice(0, MAX_ROOMS).map((r) => ({ ...r })));
  }
}

function isRecord(value: unknown): value is FollowedRoomRecord {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.uri === 'string' && typeof r.name === 'string'
    && (r.lastReadTime === undefined || typeof r.lastReadTime === 'string')
    && (r.lastReadIds === undefined || (Array.isArray(r.lastReadIds) && r.lastReadIds.every((id) => typeof id === 'string')))
    && (r.muted === undefined || typeof r.muted === 'boolean');
}
