import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { GlobalStateFeedStore } from '../../../src/extension/feeds/feedStore';
import type { TopicFeed } from '../../../src/persistentChat/feeds/types';

const FEED: TopicFeed = { id: 'f1', name: 'Deploys', keywords: ['deploy'], people: ['sip:bob@contoso.com'], rooms: [] };

describe('GlobalStateFeedStore (topic feeds in VS Code globalState)', () => {
  const memento = () => {
    const values = new Map<string, unknown>();
    const state = { get: (key: string) => values.get(key), update: (key: string, value: unknown) => { values.set(key, JSON.parse(JSON.stringify(value))); return Promise.resolve(); } };
    return { values, state: state as unknown as vscode.Memento };
  };

  it('keeps each account\'s feeds apart (SIP URI case-insensitive) and loads what it saved', async () => {
    const { state } = memento();
    await new GlobalStateFeedStore(state, 'sip:Alice@contoso.com').save([FEED]);
    assert.deepEqual(new GlobalStateFeedStore(state, 'sip:alice@contoso.com').load(), [FEED]);
    assert.deepEqual(new GlobalStateFeedStore(state, 'sip:carol@contoso.com').load(), []);
  });

  it('reads damaged or hand-edited storage as the valid feeds only, never failing', () => {
    const { values, state } = memento();
    const store = new GlobalStateFeedStore(state, 'sip:alice@contoso.com');
    values.set('lyncPersistentChat.topicFeeds:sip:alice@contoso.com', [FEED, { id: 'f2', name: 'No criteria', keywords: [], people: [] }, { id: 'f3', name: 'Bad person', keywords: [], people: ['not an address'] }, 7]);
    assert.deepEqual(store.load(), [FEED]);
    values.set('lyncPersistentChat.topicFeeds:sip:alice@contoso.com', 'garbage');
    assert.deepEqual(store.load(), []);
  });
});
