import assert from 'node:assert/strict';
import { availabilityOf } from '../../../src/endpoint/presence/availability';
import { batchSubscribeBody, parsePresenceBody } from '../../../src/endpoint/presence/presenceBody';
import { presenceUri } from '../../../src/endpoint/presence/presenceSubscription';

const TYPE = 'application/msrtc-event-categories+xml';

function categories(uri: string, inner: string): string {
  return `<categories xmlns="http://schemas.microsoft.com/2006/09/sip/categories" uri="${uri}">${inner}</categories>`;
}
const card = (name: string, title = '') => `<category name="contactCard" instance="0"><contactCard xmlns="http://schemas.microsoft.com/2006/09/sip/contactcard"><identity><name><displayName>${name}</displayName></name></identity>${title ? `<title>${title}</title>` : ''}</contactCard></category>`;
const state = (n: string, type = 'aggregateState') => `<category name="state" instance="1"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${type}"><availability>${n}</availability></state></category>`;

describe('presence notification bodies (contactCard and state categories)', () => {
  it('reads the display name, title and aggregated availability of one categories document', () => {
    const body = categories('sip:Bob@Contoso.com', card('Bob Brown', 'Release manager') + state('6500', 'userState') + state('15500'));
    assert.deepEqual(parsePresenceBody(TYPE, body), [{ uri: 'sip:bob@contoso.com', displayName: 'Bob Brown', title: 'Release manager', availability: 'away' }]);
  });

  it('reads every categories part of a multipart/related body and skips the others', () => {
    const body = ['--b1', 'Content-Type: application/rlmi+xml', '', '<list/>', '--b1', `Content-Type: ${TYPE}`, '', categories('sip:a@x.com', state('3500')),
      '--b1', `Content-Type: ${TYPE}`, '', categories('sip:c@x.com', card('Carol')), '--b1--', ''].join('\r\n');
    assert.deepEqual(parsePresenceBody(`multipart/related; type="${TYPE}"; boundary=b1`, body), [
      { uri: 'sip:a@x.com', availability: 'available' }, { uri: 'sip:c@x.com', displayName: 'Carol' },
    ]);
  });

  it('maps Lync availability ranges to the five states shown', () => {
    const cases: [number, string | undefined][] = [[0, 'offline'], [3000, 'available'], [4499, 'available'], [4500, 'away'], [6000, 'busy'], [7500, 'busy'],
      [9000, 'doNotDisturb'], [12000, 'away'], [15000, 'away'], [18000, 'offline'], [-1, undefined], [1.5, undefined]];
    for (const [value, expected] of cases) assert.equal(availabilityOf(value), expected, String(value));
  });

  it('hostile input: bad XML, wrong roots, non-SIP URIs, huge names and bodies yield nothing or bounded text', () => {
    assert.deepEqual(parsePresenceBody(TYPE, '<categories uri="sip:a@x.com"><category'), []);
    assert.deepEqual(parsePresenceBody(TYPE, '<!DOCTYPE x [<!ENTITY e "boom">]><categories uri="sip:a@x.com"/>'), []);
    assert.deepEqual(parsePresenceBody(TYPE, categories('javascript:alert(1)', card('x'))), []);
    assert.deepEqual(parsePresenceBody('text/html', categories('sip:a@x.com', card('x'))), []);
    assert.deepEqual(parsePresenceBody(TYPE, 'x'.repeat(600 * 1024)), []);
    const [long] = parsePresenceBody(TYPE, categories('sip:a@x.com', card(`${'\u{1F600}'.repeat(300)}\n\t tail`) + state('99999999')));
    assert.equal([...(long.displayName ?? '')].length, 256, 'bounded in characters, never splitting a surrogate pair');
    assert.equal(long.availability, undefined, 'an availability out of range is ignored');
    assert.deepEqual(parsePresenceBody('multipart/related; boundary=b', `--b\r\nContent-Type: ${TYPE}\r\n\r\n<x/>\r\n--b--`), []);
  });

  it('the batchSub body lists each resource, escaped, and asks for contactCard and state', () => {
    const body = batchSubscribeBody('sip:alice@contoso.com', ['sip:bob@contoso.com', 'sip:a"b@x.com']);
    assert.match(body, /<resource uri="sip:bob@contoso.com"\/><resource uri="sip:a&quot;b@x.com"\/>/);
    assert.match(body, /<category name="contactCard"\/><category name="state"\/>/);
    assert.match(body, /^<batchSub xmlns="http:\/\/schemas.microsoft.com\/2006\/01\/sip\/batch-subscribe" uri="sip:alice@contoso.com"/);
  });

  it('people are SIP URIs in lower case, without parameters; anything else is not followed', () => {
    assert.equal(presenceUri('<sip:Bob@Contoso.com;gruu>'), 'sip:bob@contoso.com');
    assert.equal(presenceUri('bob@contoso.com'), 'sip:bob@contoso.com');
    assert.equal(presenceUri('not an address'), undefined);
    assert.equal(presenceUri('sip:a@b c'), undefined);
  });
});
