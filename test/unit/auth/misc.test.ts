import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { createDigestAuthorization } from '../../../src/sip/auth/digest';
import { verifyDigestAuthorization } from '../../../simulator/auth/digestServer';
import { instanceIdFromEpid, newEpid } from '../../../src/sip/auth/instanceId';
import { parseLogin } from '../../../src/sip/auth/ntlm';
import { parseAuthHeader } from '../../../src/sip/auth/sipae';
import { createHash } from 'node:crypto';

const md5hex = (s: string) => createHash('md5').update(s).digest('hex');

describe('Digest (RFC 2617 / RFC 7616)', () => {
  it('RFC 2617 §3.5 Mufasa vector, qop auth chosen from "auth,auth-int", opaque echoed', () => {
    const value = createDigestAuthorization(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' });
    assert.equal(value, 'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", response="6629fae49393a05397450978507c4ef1"');
  });

  it('sipe second vector (bob, algorithm=MD5, challenge without the Digest prefix)', () => {
    const value = createDigestAuthorization('realm="members only", nonce="5UImQA==3d76b2ab859e1770ec60ed285ec68a3e63028461", algorithm=MD5, qop="auth"',
      { username: 'bob', password: 'bob', method: 'GET', uri: '/digest_auth/test.html', cnonce: '1672b410efa182c061c2f0a58acaa17d' });
    assert.equal(parseAuthHeader(value).params.response, '3d9ebe6b9534a7135a3fde59a5a72668');
    assert.equal(parseAuthHeader(value).params.algorithm, 'MD5');
  });

  it('RFC 7616 §3.9.1 SHA-256 and MD5 vectors', () => {
    const challenge = (alg: string) => `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${alg}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
    const o = { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };
    assert.equal(parseAuthHeader(createDigestAuthorization(challenge('SHA-256'), o)).params.response, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    assert.equal(parseAuthHeader(createDigestAuthorization(challenge('MD5'), o)).params.response, '8ca523f5e9506fed4657c9700eebdbec');
  });

  it('RFC 2069 (no qop): response = H(HA1:nonce:HA2) and no nc/cnonce', () => {
    const value = createDigestAuthorization('Digest realm="r", nonce="n"', { username: 'u', password: 'p', method: 'REGISTER', uri: 'sip:contoso.com' });
    const params = parseAuthHeader(value).params;
    assert.equal(params.response, md5hex(`${md5hex('u:r:p')}:n:${md5hex('REGISTER:sip:contoso.com')}`));
    assert.equal(params.nc, undefined);
    assert.equal(params.cnonce, undefined);
  });

  it('uses auth-int (hashing the body) when only auth-int is offered, and MD5-sess folds nonce and cnonce into HA1', () => {
    const authInt = parseAuthHeader(createDigestAuthorization('Digest realm="r", nonce="n", qop="auth-int"',
      { username: 'u', password: 'p', method: 'MESSAGE', uri: 'sip:b@c', cnonce: 'cc', nc: 2, body: 'hello' })).params;
    assert.equal(authInt.qop, 'auth-int');
    assert.equal(authInt.nc, '00000002');
    assert.equal(authInt.response, md5hex(`${md5hex('u:r:p')}:n:00000002:cc:auth-int:${md5hex(`MESSAGE:sip:b@c:${md5hex('hello')}`)}`));
    const sess = parseAuthHeader(createDigestAuthorization('Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess',
      { username: 'u', password: 'p', method: 'INVITE', uri: 'sip:b@c', cnonce: 'cc' })).params;
    assert.equal(sess.response, md5hex(`${md5hex(`${md5hex('u:r:p')}:n:cc`)}:n:00000001:cc:auth:${md5hex('INVITE:sip:b@c')}`));
  });

  it('rejects an unknown algorithm with AuthenticationFailed', () => {
    assert.throws(() => createDigestAuthorization('Digest realm="r", nonce="n", algorithm=SHA-512-256', { username: 'u', password: 'p', method: 'GET', uri: '/' }),
      (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
  });

  it('verifyDigestAuthorization accepts what createDigestAuthorization made and refuses a wrong password, nonce or method', () => {
    for (const algorithm of ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess']) {
      const value = createDigestAuthorization(`Digest realm="sim", nonce="abc", qop="auth", algorithm=${algorithm}`, { username: 'alice', password: 'pw', method: 'REGISTER', uri: 'sip:contoso.com' });
      assert.equal(verifyDigestAuthorization(value, { password: 'pw', method: 'REGISTER', realm: 'sim', nonce: 'abc' }), true, algorithm);
      assert.equal(verifyDigestAuthorization(value, { password: 'px', method: 'REGISTER', realm: 'sim', nonce: 'abc' }), false, algorithm);
      assert.equal(verifyDigestAuthorization(value, { password: 'pw', method: 'REGISTER', realm: 'sim', nonce: 'abd' }), false, algorithm);
      assert.equal(verifyDigestAuthorization(value, { password: 'pw', method: 'INVITE', realm: 'sim', nonce: 'abc' }), false, algorithm);
    }
    assert.equal(verifyDigestAuthorization('NTLM qop="auth"', { password: 'pw', method: 'REGISTER', realm: 'sim', nonce: 'abc' }), false);
  });
});

describe('endpoint identifiers', () => {
  it('MS-SIPRE: epid 01010101 gives UUID 4b1682a8-f968-5701-83fc-7c6741dc6697', () => {
    assert.equal(instanceIdFromEpid('01010101'), '4b1682a8-f968-5701-83fc-7c6741dc6697');
  });

  it('newEpid gives 10 lowercase hex characters, different each time', () => {
    const a = newEpid();
    assert.match(a, /^[0-9a-f]{10}$/);
    assert.notEqual(a, newEpid());
  });
});

describe('parseLogin', () => {
  it('splits DOMAIN\\user and keeps a UPN whole with an empty domain', () => {
    assert.deepEqual(parseLogin('CONTOSO\\alice'), { user: 'alice', domain: 'CONTOSO' });
    assert.deepEqual(parseLogin('alice@contoso.com'), { user: 'alice@contoso.com', domain: '' });
  });
});

describe('parseAuthHeader', () => {
  it('returns the scheme and lower-cased keys with unquoted values, keeping commas inside quotes', () => {
    assert.deepEqual(parseAuthHeader('NTLM Realm="SIP Communications Service", targetname="a.b", version=4, gssapi-data=""'),
      { scheme: 'NTLM', params: { realm: 'SIP Communications Service', targetname: 'a.b', version: '4', 'gssapi-data': '' } });
    assert.deepEqual(parseAuthHeader('Digest qop="auth,auth-int", nonce="x"').params, { qop: 'auth,auth-int', nonce: 'x' });
    assert.deepEqual(parseAuthHeader('TLS-DSK').params, {});
  });
});
