import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonPoolMemoryStore, poolMemoryPath } from '../../../src/cli/poolMemoryFile';
import { nullLogger } from '../../../src/common/logger';
import { InProcessPoolMemory, poolMemoryKey, sanitizeNtlmOffer, sanitizeRememberedPool, sanitizeSipUri, sanitizeTarget, updatePoolMemory } from '../../../src/endpoint/poolMemory';

describe('remembered pool: every stored value is checked before use', () => {
  it('keeps a registrar with a host name or IP address, a port in 1..65535 and tls or tcp', () => {
    assert.deepEqual(sanitizeTarget({ host: 'pool0.contoso.com', port: 5061, transport: 'tls' }), { host: 'pool0.contoso.com', port: 5061, transport: 'tls' });
    assert.deepEqual(sanitizeTarget({ host: '10.0.0.5', port: 443, transport: 'tcp' }), { host: '10.0.0.5', port: 443, transport: 'tcp' });
    assert.deepEqual(sanitizeTarget({ host: '::1', port: 5061, transport: 'tls' }), { host: '::1', port: 5061, transport: 'tls' });
  });

  for (const [what, value] of [
    ['a host with a space', { host: 'pool0 .contoso.com', port: 5061, transport: 'tls' }],
    ['a host with control characters', { host: 'pool0\u001b[2J', port: 5061, transport: 'tls' }],
    ['a host with a URL in it', { host: 'evil.com/x?', port: 5061, transport: 'tls' }],
    ['an empty label', { host: 'pool0..contoso.com', port: 5061, transport: 'tls' }],
    ['an over-long host', { host: `${'a'.repeat(250)}.com`, port: 5061, transport: 'tls' }],
    ['port 0', { host: 'pool0.contoso.com', port: 0, transport: 'tls' }],
    ['port 65536', { host: 'pool0.contoso.com', port: 65536, transport: 'tls' }],
    ['a fractional port', { host: 'pool0.contoso.com', port: 5061.5, transport: 'tls' }],
    ['a port as text', { host: 'pool0.contoso.com', port: '5061', transport: 'tls' }],
    ['transport udp', { host: 'pool0.contoso.com', port: 5061, transport: 'udp' }],
    ['no object', 'pool0.contoso.com:5061'],
    ['null', null],
  ] as const) {
    it(`drops a registrar with ${what}`, () => assert.equal(sanitizeTarget(value), undefined));
  }

  it('keeps sip: and sips: URIs sip.js can parse; drops other schemes, markup, spaces and over-long ones', () => {
    assert.equal(sanitizeSipUri('sip:PersistentChatPool@contoso.com'), 'sip:PersistentChatPool@contoso.com');
    assert.equal(sanitizeSipUri('sip:chatsrv.pool0@contoso.com;gruu;opaque=srvr:chat:x'), 'sip:chatsrv.pool0@contoso.com;gruu;opaque=srvr:chat:x');
    for (const bad of ['https://contoso.com/', 'javascript:alert(1)', 'sip:a b@contoso.com', 'sip:<x>@contoso.com', 'sip:"x"@contoso.com', `sip:${'x'.repeat(600)}@contoso.com`, 'sip:contoso.com', 42, undefined]) {
      assert.equal(sanitizeSipUri(bad), undefined, String(bad));
    }
  });

  it('keeps an NTLM offer with a bounded plain-text realm and targetname and a small integer version; drops quotes, control characters, over-long text and odd versions', () => {
    const offer = { realm: 'SIP Communications Service', targetname: 'pool0.contoso.com', version: 4 };
    assert.deepEqual(sanitizeNtlmOffer(offer), offer);
    assert.deepEqual(sanitizeNtlmOffer({ realm: offer.realm, targetname: offer.targetname }), { realm: offer.realm, targetname: offer.targetname });
    for (const bad of [{ realm: 'a"b' }, { targetname: 'x\u001b[2J' }, { targetname: '' }, { targetname: 'x'.repeat(300) }, { realm: 'r\\' }, { version: 2.5 }, { version: 0 }, { version: '3' }]) {
      assert.equal(sanitizeNtlmOffer({ ...offer, ...bad }), undefined, JSON.stringify(bad));
    }
    assert.equal(sanitizeNtlmOffer('NTLM'), undefined);
    assert.deepEqual(sanitizeNtlmOffer({ ...offer, kerberos: false }), { ...offer, kerberos: false }, 'whether Kerberos was offered beside it is kept');
    assert.deepEqual(sanitizeNtlmOffer({ ...offer, kerberos: 'no' }), offer, 'a non-boolean is dropped (unknown: auto looks for a ticket)');
    assert.deepEqual(sanitizeRememberedPool({ chatServerUri: 'sip:chat@contoso.com' }), { chatServerUri: 'sip:chat@contoso.com' }, 'an older file without the offer still reads');
  });

  it('keeps each valid field of a stored pool and drops the others', () => {
    assert.deepEqual(sanitizeRememberedPool({ registrar: { host: 'x y', port: 1, transport: 'tls' }, lookupUri: 'sip:ocschat@contoso.com', chatServerUri: 'ftp://x', extra: 1 }), { lookupUri: 'sip:ocschat@contoso.com' });
    assert.deepEqual(sanitizeRememberedPool([1, 2]), {});
    assert.deepEqual(sanitizeRememberedPool('text'), {});
  });

  it('keys by account, server setting and transport, case-insensitively', () => {
    const key = poolMemoryKey({ userUri: 'sip:Alice@Contoso.com', server: 'Pool0.contoso.com:5061', transport: 'tls' });
    assert.equal(key, poolMemoryKey({ userUri: 'sip:alice@contoso.com', server: 'pool0.contoso.com:5061', transport: 'tls' }));
    assert.notEqual(key, poolMemoryKey({ userUri: 'sip:bob@contoso.com', server: 'pool0.contoso.com:5061', transport: 'tls' }));
    assert.notEqual(key, poolMemoryKey({ userUri: 'sip:alice@contoso.com', server: undefined, transport: 'tls' }));
    assert.notEqual(key, poolMemoryKey({ userUri: 'sip:alice@contoso.com', server: 'pool0.contoso.com:5061', transport: 'tcp' }));
  });

  it('updates some fields and keeps the others; a store that throws on save is not fatal', () => {
    const store = new InProcessPoolMemory();
    updatePoolMemory(store, { registrar: { host: 'pool0.contoso.com', port: 5061, transport: 'tls' } }, nullLogger);
    updatePoolMemory(store, { lookupUri: 'sip:ocschat@contoso.com' }, nullLogger);
    assert.deepEqual(store.load(), { registrar: { host: 'pool0.contoso.com', port: 5061, transport: 'tls' }, lookupUri: 'sip:ocschat@contoso.com' });
    updatePoolMemory(store, { registrar: undefined }, nullLogger);
    assert.deepEqual(store.load(), { lookupUri: 'sip:ocschat@contoso.com' });
    assert.doesNotThrow(() => updatePoolMemory({ load: () => ({}), save: () => { throw new Error('EACCES'); } }, { lookupUri: 'sip:ocschat@contoso.com' }, nullLogger));
  });
});

describe('remembered pool: the CLI file', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pool-memory-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives in $XDG_CONFIG_HOME/lync-pchat/pool-memory.json, else ~/.config/lync-pchat', () => {
    assert.equal(poolMemoryPath({ XDG_CONFIG_HOME: '/x/cfg' }), '/x/cfg/lync-pchat/pool-memory.json');
    assert.match(poolMemoryPath({ XDG_CONFIG_HOME: 'relative' }), /\/\.config\/lync-pchat\/pool-memory\.json$/);
  });

  it('keeps one entry per key, writes mode 0600, and never reads another key\'s entry', () => {
    const path = join(dir, 'lync-pchat', 'pool-memory.json');
    new JsonPoolMemoryStore('alice', path).save({ lookupUri: 'sip:ocschat@contoso.com' });
    new JsonPoolMemoryStore('bob', path).save({ chatServerUri: 'sip:chat@fabrikam.com' });
    assert.deepEqual(new JsonPoolMemoryStore('alice', path).load(), { lookupUri: 'sip:ocschat@contoso.com' });
    assert.deepEqual(new JsonPoolMemoryStore('carol', path).load(), {});
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('treats a file larger than 64 KB, or one that is not JSON, as empty, and overwrites it on save', () => {
    const path = join(dir, 'pool-memory.json');
    writeFileSync(path, JSON.stringify({ version: 1, pools: { alice: { lookupUri: 'sip:ocschat@contoso.com' }, pad: 'x'.repeat(70_000) } }));
    assert.deepEqual(new JsonPoolMemoryStore('alice', path).load(), {});
    writeFileSync(path, '\u0000\u0001 not json');
    assert.deepEqual(new JsonPoolMemoryStore('alice', path).load(), {});
    new JsonPoolMemoryStore('alice', path).save({ lookupUri: 'sip:ocschat@contoso.com' });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { version: 1, pools: { alice: { lookupUri: 'sip:ocschat@contoso.com' } } });
  });

  it('keeps "__proto__" as a plain key (no prototype pollution) and at most 20 accounts', () => {
    const path = join(dir, 'pool-memory.json');
    writeFileSync(path, '{"version":1,"pools":{"__proto__":{"lookupUri":"sip:ocschat@contoso.com"}}}');
    assert.deepEqual(new JsonPoolMemoryStore('__proto__', path).load(), { lookupUri: 'sip:ocschat@contoso.com' });
    assert.equal(({} as Record<string, unknown>).lookupUri, undefined);
    for (let i = 0; i < 25; i++) new JsonPoolMemoryStore(`user${i}`, path).save({ lookupUri: 'sip:ocschat@contoso.com' });
    const pools = Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { pools: object }).pools);
    assert.equal(pools.length, 20);
    assert.equal(pools.at(-1), 'user24', 'the latest saved is kept');
  });
});
