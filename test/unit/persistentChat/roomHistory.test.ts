import assert from 'node:assert/strict';
import { MessageModel } from '../../../src/persistentChat/rooms/messageModel';
import type { ReadMarkers } from '../../../src/persistentChat/rooms/readMarkers';
import { historyEndOf, MAX_HISTORY_FETCH, newEntry } from '../../../src/persistentChat/rooms/roomEntry';
import { RoomHistory } from '../../../src/persistentChat/rooms/roomHistory';
import type { RoomTable } from '../../../src/persistentChat/rooms/roomTable';
import type { HistoryPage } from '../../../src/persistentChat/rooms/types';
import type { ChatMessage } from '../../../src/persistentChat/xccos/types';

const ROOM = 'ma-chan://contoso.com/build-notifications';

/** A room of `total` messages behind a server that, like a pool, returns at most the last MAX_HISTORY_FETCH. */
function history(total: number): { reader: RoomHistory; entry: ReturnType<typeof newEntry> } {
  const messages: ChatMessage[] = Array.from({ length: total }, (_, i) => ({
    roomUri: ROOM, author: 'sip:bob@contoso.com', timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000), text: `build ${i + 1}`, seqid: String(i + 1),
  }));
  const chat = { getRecentChatHistory: (_uri: string, count: number) => Promise.resolve(messages.slice(-Math.min(count, MAX_HISTORY_FETCH))) };
  const table = { requireChat: () => chat, fireChanged: () => undefined } as unknown as RoomTable;
  const reader = new RoomHistory(table, new MessageModel({ uri: 'sip:alice@contoso.com' }), {} as ReadMarkers);
  return { reader, entry: newEntry(ROOM, 'Build Notifications', true) };
}

/** Pages back from the last page until the reader says nothing older can be read. */
async function pageToTheEnd(total: number): Promise<{ last: HistoryPage; oldest: string; pages: number }> {
  const { reader, entry } = history(total);
  let page = await reader.page(entry, 100, undefined);
  let oldest = page.messages[0].text;
  let pages = 1;
  while (page.hasMore) {
    page = await reader.page(entry, 100, entry.window.find((m) => m.text === oldest)?.id);
    if (page.messages.length) oldest = page.messages[0].text;
    pages++;
    assert.ok(pages < 200, 'paging never ended');
  }
  return { last: page, oldest, pages };
}

describe('RoomHistory: where the readable history ends', () => {
  it('fewer messages than asked for is the start of the history; exactly the largest fetch is the server\'s limit', () => {
    assert.equal(historyEndOf(99, 100), 'start');
    assert.equal(historyEndOf(100, 100), undefined);
    assert.equal(historyEndOf(MAX_HISTORY_FETCH, MAX_HISTORY_FETCH), 'serverLimit');
    assert.equal(historyEndOf(MAX_HISTORY_FETCH - 1, MAX_HISTORY_FETCH), 'start');
  });

  it('paging back through 10,000 messages ends at the server\'s limit (the last 2,000), not at the start of the history', async () => {
    const { last, oldest } = await pageToTheEnd(10_000);
    assert.equal(oldest, 'build 8001');
    assert.equal(last.hasMore, false);
    assert.equal(last.historyEnd, 'serverLimit');
  });

  it('paging back through a room shorter than the limit ends at the start of the history, at its first message', async () => {
    const { last, oldest } = await pageToTheEnd(1_250);
    assert.equal(oldest, 'build 1');
    assert.equal(last.historyEnd, 'start');
  });

  it('a first page asked for at the limit says the limit, one asked beyond the room\'s length says the start', async () => {
    const big = history(10_000);
    const atLimit = await big.reader.page(big.entry, MAX_HISTORY_FETCH, undefined);
    assert.deepEqual([atLimit.messages.length, atLimit.hasMore, atLimit.historyEnd], [MAX_HISTORY_FETCH, false, 'serverLimit']);
    const small = history(30);
    const all = await small.reader.page(small.entry, 100, undefined);
    assert.deepEqual([all.messages.length, all.hasMore, all.historyEnd], [30, false, 'start']);
  });
});
