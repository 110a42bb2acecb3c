import * as assert from 'node:assert/strict';
import { MessageLog, MessageLogEntry } from './messageLog';

const META = { connectionId: 7, role: 'pool' as const, transport: 'TCP' as const, remote: '127.0.0.1:50000', read: 1 };
const REGISTER = 'REGISTER sip:contoso.com SIP/2.0\r\nAuthorization: NTLM qop="auth", opaque="1234ABCD", realm="SIP Communications Service", targetname="pool0", gssapi-data="TlRMTVNTUAADAAAAGAAYAHAAAAA="\r\nContent-Length: 0\r\n\r\n';

describe('simulated pool: message log', () => {
  it('keeps entries in order with their first line and text redacted when read (no NTLM blob ever visible)', () => {
    const log = new MessageLog();
    log.record('in', META, REGISTER);
    log.record('out', META, 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
    const [register, ok] = log.entries;
    assert.deepEqual([register.seq, register.direction, register.firstLine, register.connectionId, register.read], [1, 'in', 'REGISTER sip:contoso.com SIP/2.0', 7, 1]);
    assert.equal(register.text.includes('TlRMTVNTUAAD'), false, 'the NTLM blob is redacted');
    assert.match(register.text, /^Content-Length: 0\r$/m);
    assert.equal(ok.firstLine, 'SIP/2.0 200 OK');
    assert.ok(register.time instanceof Date);
    assert.equal(JSON.stringify(register).includes('TlRMTVNTUAAD'), false, 'nor in its JSON form');
    assert.deepEqual(log.find('out', /^SIP\/2\.0 200/).map((e) => e.seq), [2]);
  });

  it('holds at least the last `capacity` entries, dropping the oldest in batches', () => {
    const log = new MessageLog({ capacity: 16 });
    for (let i = 1; i <= 100; i++) log.record('out', META, `OPTIONS sip:${i}@contoso.com SIP/2.0\r\n\r\n`);
    assert.ok(log.entries.length >= 16 && log.entries.length < 16 + 16 / 8 + 1, `${log.entries.length} entries`);
    assert.equal(log.entries.at(-1)?.seq, 100);
    assert.deepEqual(log.entries.map((e) => e.seq), log.entries.map((_, i) => 100 - log.entries.length + 1 + i), 'contiguous, newest last');
  });

  it('with capacity 0 keeps no entry but still counts and tells onEntry listeners (redacted)', () => {
    const log = new MessageLog({ capacity: 0 });
    const seen: MessageLogEntry[] = [];
    log.onEntry((e) => seen.push(e));
    log.record('in', META, REGISTER);
    log.record('in', META, REGISTER);
    assert.deepEqual(log.entries, []);
    assert.deepEqual(seen.map((e) => e.seq), [1, 2]);
    assert.equal(seen[0].text.includes('TlRMTVNTUAAD'), false);
  });
});
