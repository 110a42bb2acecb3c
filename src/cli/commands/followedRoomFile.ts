import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFolder, writePrivateFile } from '../configFolder';
import { sanitizeRecords } from '../../persistentChat/rooms/followedRoomStore';
import type { FollowedRoomRecord, FollowedRoomStore } from '../../persistentChat/rooms/types';

/** `$XDG_CONFIG_HOME/lync-pchat/followed-rooms.json`, else `~/.config/lync-pchat/followed-rooms.json`. */
export function followedRoomsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configFolder(env), 'followed-rooms.json');
}

interface FileShape { version: 1; users: Record<string, unknown> }

/**
 * The CLI's followed rooms: one JSON file for every account (keyed by SIP URI), written whole to
 * a temporary file and renamed, readable by the user only. A damaged file counts as empty.
 */
export class JsonFollowedRoomStore implements FollowedRoomStore {
  constructor(private readonly userUri: string, readonly path = followedRoomsPath()) {}

  load(): FollowedRoomRecord[] {
    return sanitizeRecords(this.read().users[this.key()]);
  }

  save(rooms: FollowedRoomRecord[]): void {
    const file = this.read();
    file.users[this.key()] = rooms;
    writePrivateFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }

  private key(): string {
    return this.userUri.trim().toLowerCase();
  }

  private read(): FileShape {
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<FileShape>;
      if (value && typeof value === 'object' && value.users && typeof value.users === 'object') return { version: 1, users: { ...value.users } };
    } catch {
      // missing or unreadable: nothing followed yet
    }
    return { version: 1, users: {} };
  }
}
