import assert from 'node:assert/strict';
import { DiagnosticsRecorder, reportUnrecognized, UNRECOGNIZED_MARKER } from '../../../src/common/diagnostics';

describe('diagnostics report', () => {
  it('keeps the last 200 SIP messages redacted, every unrecognized protocol item once, and no secret settings', () => {
    const recorder = new DiagnosticsRecorder();
    const seen: string[] = [];
    const logger = recorder.logger((level, line) => seen.push(`${level} ${line}`), (level) => level !== 'trace', 'user');
    for (let i = 0; i < 250; i++) logger.trace(`← SIP/2.0 200 OK\r\nCSeq: ${i} REGISTER\r\nAuthentication-Info: NTLM rspauth="0123", srand="1"\r\n`);
    logger.trace('→ REGISTER sip:contoso.com SIP/2.0\r\nAuthorization: NTLM gssapi-data="TlRMTVNTUAADAAAA"\r\n');
    reportUnrecognized(logger, 'xccos: element <futureThing>');
    reportUnrecognized(logger, 'xccos: element <futureThing>');
    const report = recorder.report({ product: 'test', versions: { node: process.version }, settings: { uri: 'sip:alice@contoso.com', password: 'hunter2', pfxPassphrase: 'x' } });
    assert.equal((report.match(/^\[user\] [←→] /gm) ?? []).length, 200, 'the last 200 messages');
    assert.doesNotMatch(report, /CSeq: 0 REGISTER/, 'older ones dropped');
    assert.doesNotMatch(report, /rspauth="0123"|TlRMTVNTUA|hunter2/, 'credentials and secrets are redacted');
    assert.match(report, /## Protocol items not understood \(1\)\n- xccos: element <futureThing>/);
    assert.equal(seen.filter((l) => l.includes(UNRECOGNIZED_MARKER)).length, 1, 'logged once, at debug, with the marker');
    assert.ok(seen.every((l) => !l.startsWith('trace')), 'the sink still gets only the levels it wants');
  });
});
