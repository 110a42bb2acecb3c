import assert from 'node:assert/strict';
import { createLogger, levelsFrom, LogLevel, redact } from '../../../src/common/logger';

describe('logger redaction', () => {
  it('removes Authorization and Authentication-Info values from SIP traces', () => {
    const trace = 'REGISTER sip:contoso.com SIP/2.0\r\nAuthorization: NTLM qop="auth", opaque="40CA2F73", response="0100000029618E9651B65A7764000000"\r\nauthentication-info: NTLM rspauth="0100"\r\nCSeq: 3 REGISTER\r\n';
    const out = redact(trace);
    assert.match(out, /^Authorization: <redacted>\r?$/m);
    assert.match(out, /^authentication-info: <redacted>\r?$/m);
    assert.match(out, /CSeq: 3 REGISTER/, 'other headers stay');
    assert.doesNotMatch(out, /0100000029618E/);
  });

  it('removes NTLM blobs, gssapi-data and passwords wherever they appear', () => {
    const out = redact('challenge gssapi-data="TlRMTVNTUAACAAAA" and TlRMTVNTUAADAAAAGAAY in text; password=hunter2 passphrase: "x y"');
    assert.doesNotMatch(out, /TlRMTVNTUA|hunter2|x y/);
  });

  it('tags lines with the component and routes levels to the sink', () => {
    const lines: string[] = [];
    const logger = createLogger((level, line) => lines.push(`${level} ${line}`)).child('sip').child('transport');
    logger.warn('Authorization: Digest response="abc"');
    assert.deepEqual(lines, ['warn [sip/transport] Authorization: <redacted>']);
  });

  it('asks which levels are enabled at each call, and the child loggers follow the same switch', () => {
    const lines: string[] = [];
    let min: LogLevel = 'info';
    const logger = createLogger((level, line) => lines.push(`${level} ${line}`), undefined, (level) => levelsFrom(min)(level)).child('sip');
    logger.trace('INVITE sip:x SIP/2.0');
    logger.info('signed in');
    min = 'trace';
    logger.trace('BYE sip:x SIP/2.0');
    assert.deepEqual(lines, ['info [sip] signed in', 'trace [sip] BYE sip:x SIP/2.0']);
  });
});
