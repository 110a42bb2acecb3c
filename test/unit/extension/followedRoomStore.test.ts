import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { GlobalStateFollowedRoomStore } from '../../../src/extension/followedRoomStore';

/** globalState as VS Code gives it: keys to JSON-shaped values. */
class MemoryMemento implements Pick<vscode.Memento, 'get' | 'update' | 'keys'> {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const ROOM = { uri: 'ma-chan://contoso.com/r1', name: 'Release Train', lastReadTime: '2026-11-28T04:00:00.000Z', lastReadIds: ['m1'], muted: true };

describe('GlobalStateFollowedRoomStore (followed rooms in VS Code globalState)', () => {
  it('saves and loads the followed rooms of one user, and keeps each user apart (SIP URI case-insensitive)', () => {
    const memento = new MemoryMemento();
    new GlobalStateFollowedRoomStore(memento as unknown as vscode.Memento, 'sip:Alice@contoso.com').save([ROOM]);
    assert.deepEqual(new GlobalStateFollowedRoomStore(memento as unknown as vscode.Memento, 'sip:alice@contoso.com').load(), [ROOM]);
    assert.deepEqual(new GlobalStateFollowedRoomStore(memento as unknown as vscode.Memento, 'sip:bob@contoso.com').load(), []);
  });

  it('drops stored entries of the wrong shape instead of handing them to the core', () => {
    const memento = new MemoryMemento();
    const store = new GlobalStateFollowedRoomStore(memento as unknown as vscode.Memento, 'sip:alice@contoso.com');
    const key = memento.keys()[0] ?? 'lyncPersistentChat.followedRooms:sip:alice@contoso.com';
    memento.values.set(key, [ROOM, { uri: 42, name: 'x' }, null, 'text', { uri: 'ma-chan://contoso.com/r2', name: 'B', lastReadIds: [1] }, { uri: 'ma-chan://contoso.com/r3', name: 'C' }]);
    assert.deepEqual(store.load().map((r) => r.name), ['Release Train', 'C']);
    memento.values.set(key, { not: 'a list' });
    assert.deepEqual(store.load(), []);
  });

  it('keeps at most 500 rooms', () => {
    const memento = new MemoryMemento();
    const store = new GlobalStateFollowedRoomStore(memento as unknown as vscode.Memento, 'sip:alice@contoso.com');
    store.save(Array.from({ length: 600 }, (_, i) => ({ uri: `ma-chan://contoso.com/${i}`, name: `Room ${i}` })));
    assert.equal(store.load().length, 500);
  });
});
