import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { crc32 } from '../../../src/sip/auth/crc32';
import { md4 } from '../../../src/sip/auth/md4';
import { hmacMd5, md5, MessageSigner, ntlmSignature } from '../../../src/sip/auth/ntlmCrypto';
import { NtlmFlag } from '../../../src/sip/auth/ntlmFlags';
import { Rc4, rc4 } from '../../../src/sip/auth/rc4';

const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const ascii = (s: string) => Buffer.from(s, 'latin1');

describe('crypto primitives', () => {
  it('MD4 matches the RFC 1320 test suite (incl. the MS-NLMP "message digest" vector)', () => {
    assert.equal(hex(md4(ascii('message digest'))), 'D9130A8164549FE818874806E1C7014B');
    assert.equal(hex(md4(ascii(''))), '31D6CFE0D16AE931B73C59D7E0C089C0');
    assert.equal(hex(md4(ascii('abc'))), 'A448017AAF21D8525FC10AE87AA6729D');
    assert.equal(hex(md4(ascii('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'))), '043F8582F241DB351CE627E153E7F0E4');
    assert.equal(hex(md4(ascii('1234567890'.repeat(8)))), 'E33B4DDC9C38F2199C3E7B164FCC0536');
  });

  it('MD5 and HMAC-MD5 give the MS-NLMP / RFC 2202 values', () => {
    assert.equal(hex(md5(ascii('message digest'))), 'F96B697D7CB7938D525A2F31AAF161D0');
    assert.equal(hex(hmacMd5(Buffer.alloc(16, 0x0b), ascii('Hi There'))), '9294727A3638BB1C13F48EF8158BFC9D');
    // RFC 2202 test cases 2 and 6 (a short key; a key longer than the 64-byte block)
    assert.equal(hex(hmacMd5(ascii('Jefe'), ascii('what do ya want '), ascii('for nothing?'))), '750C783E6AB0B503EAA86E310A5DB738');
    assert.equal(hex(hmacMd5(Buffer.alloc(80, 0xaa), ascii('Test Using Larger Than Block-Size Key - Hash Key First'))), '6B1AB7FE4BD7BF8F0B62E6CE61B9D0CD');
  });

  it('HMAC-MD5 and MD5 equal Node\'s createHmac/createHash for every key length 0-80 and split inputs', () => {
    const data = randomBytes(300);
    for (let keyLength = 0; keyLength <= 80; keyLength++) {
      const key = randomBytes(keyLength);
      const expected = createHmac('md5', key).update(data).digest();
      assert.deepEqual(hmacMd5(key, data), expected, `key of ${keyLength} bytes`);
      assert.deepEqual(hmacMd5(key, data.subarray(0, keyLength), data.subarray(keyLength)), expected, `key of ${keyLength} bytes, two parts`);
    }
    assert.deepEqual(hmacMd5(Buffer.alloc(16)), createHmac('md5', Buffer.alloc(16)).digest(), 'no data');
    assert.deepEqual(md5(data.subarray(0, 7), data.subarray(7)), createHash('md5').update(data).digest());
  });

  it('MessageSigner (key schedule done once) signs exactly as ntlmSignature, for every flag combination, message after message', () => {
    const flagSets = [0, NtlmFlag.EXTENDED_SESSIONSECURITY, NtlmFlag.EXTENDED_SESSIONSECURITY | NtlmFlag.KEY_EXCH,
      NtlmFlag.EXTENDED_SESSIONSECURITY | NtlmFlag.KEY_EXCH | NtlmFlag.DATAGRAM, NtlmFlag.KEY_EXCH | NtlmFlag.DATAGRAM];
    for (const flags of flagSets) {
      for (const keyLength of [5, 7, 8, 16]) {
        const signKey = randomBytes(16);
        const sealKey = randomBytes(keyLength);
        const signer = new MessageSigner(signKey, sealKey, flags);
        for (let n = 0; n < 3; n++) {
          const data = randomBytes(50 + n * 100);
          assert.deepEqual(signer.sign(data), ntlmSignature(signKey, sealKey, flags, data), `flags ${flags.toString(16)}, seal key ${keyLength} bytes, message ${n + 1}`);
        }
      }
    }
  });

  it('RC4 matches the classic known answers', () => {
    assert.equal(hex(rc4(ascii('Key'), ascii('Plaintext'))), 'BBF316E8D940AF0AD3');
    assert.equal(hex(rc4(ascii('Wiki'), ascii('pedia'))), '1021BF0420');
    assert.equal(hex(rc4(ascii('Secret'), ascii('Attack at dawn'))), '45A01F645FC35B383552544B9BF5');
  });

  it('RC4 update() continues one key stream across calls', () => {
    const stream = new Rc4(ascii('Secret'));
    const joined = Buffer.concat([stream.update(ascii('Attack')), stream.update(ascii(' at dawn'))]);
    assert.equal(hex(joined), '45A01F645FC35B383552544B9BF5');
  });

  it('CRC32 gives the MS-NLMP value for UTF-16LE "Plaintext" and the standard check value', () => {
    assert.equal(crc32(Buffer.from('Plaintext', 'utf16le')), 0x93aa847d);
    assert.equal(crc32(ascii('123456789')), 0xcbf43926);
  });
});
