import * as assert from 'node:assert/strict';
import { hostToPage, MAX_PEOPLE, MAX_PERSON_TEXT } from '../../../src/extension/rooms/roomProtocol';

const bob = { uri: 'sip:bob@contoso.com', name: 'Bob Brown', availability: 'busy', status: 'Busy', title: '' };

describe('room editor protocol: people and participants', () => {
  it('the page accepts names with a known presence state and participant lists', () => {
    assert.ok(hostToPage({ type: 'people', people: [bob] }));
    assert.ok(hostToPage({ type: 'people', people: [{ ...bob, availability: 'unknown' }] }));
    assert.ok(hostToPage({ type: 'participants', uris: ['sip:bob@contoso.com'] }));
  });

  it('refuses an unknown state, a name or list longer than the bound, and mistyped fields', () => {
    assert.equal(hostToPage({ type: 'people', people: [{ ...bob, availability: 'invisible' }] }), undefined, 'an unknown state');
    assert.equal(hostToPage({ type: 'people', people: [{ ...bob, name: 'x'.repeat(MAX_PERSON_TEXT + 1) }] }), undefined, 'a name past the bound');
    assert.equal(hostToPage({ type: 'people', people: [{ ...bob, title: undefined }] }), undefined, 'a missing title');
    assert.equal(hostToPage({ type: 'participants', uris: Array.from({ length: MAX_PEOPLE + 1 }, () => 'sip:a@b') }), undefined, 'too many participants');
    assert.equal(hostToPage({ type: 'participants', uris: [42] }), undefined);
  });
});
