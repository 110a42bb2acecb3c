import assert from 'node:assert/strict';
import { InProcessPoolMemory } from '../../../src/endpoint/poolMemory';
import { ChatServerMemory } from '../../../src/persistentChat/connection/context';

const REGISTRAR = { host: 'pool0.contoso.com', port: 5061, transport: 'tls' as const };
const LOOKUP = 'sip:PersistentChatPool@contoso.com';
const CHAT = 'sip:PersistentChatService@contoso.com;gruu;opaque=srvr:PersistentChat:AN4h';

function storeWith(): InProcessPoolMemory {
  const store = new InProcessPoolMemory();
  store.save({ registrar: REGISTRAR, lookupUri: LOOKUP, chatServerUri: CHAT });
  return store;
}

describe('ChatServerMemory: the chat server and lookup service of the last run', () => {
  it('starts from the stored lookup service and chat server', () => {
    const memory = new ChatServerMemory(storeWith());
    assert.deepEqual([memory.lookupUri, memory.chatServerUri], [LOOKUP, CHAT]);
  });

  it('does not reuse them when the configured chat URI names another lookup service', () => {
    const memory = new ChatServerMemory(storeWith(), undefined, 'sip:ocschat@contoso.com');
    assert.deepEqual([memory.lookupUri, memory.chatServerUri], [undefined, undefined]);
    const same = new ChatServerMemory(storeWith(), undefined, LOOKUP.toUpperCase());
    assert.equal(same.chatServerUri, CHAT, 'the configured one, in other case: reused');
  });

  it('remember() stores both for the next start and keeps the registrar; forget() clears both, not the registrar', () => {
    const store = new InProcessPoolMemory();
    store.save({ registrar: REGISTRAR });
    const memory = new ChatServerMemory(store);
    memory.remember(LOOKUP, CHAT);
    assert.deepEqual(store.load(), { registrar: REGISTRAR, lookupUri: LOOKUP, chatServerUri: CHAT });
    memory.forget();
    assert.deepEqual(store.load(), { registrar: REGISTRAR });
    assert.deepEqual([memory.lookupUri, memory.chatServerUri], [undefined, undefined]);
  });

  it('a store that fails to write does not fail the session', () => {
    const memory = new ChatServerMemory({ load: () => ({}), save: () => { throw new Error('EROFS'); } });
    assert.doesNotThrow(() => memory.remember(LOOKUP, CHAT));
    assert.equal(memory.chatServerUri, CHAT, 'still remembered for this process');
  });
});
