import assert from 'node:assert/strict';
import { DiagnosticsRecorder, REPORT_BUDGET, summariseBody } from '../../../src/common/diagnostics';

/** An XCCOS history reply as the chat server sends it: every message's text in a <chat> element. */
function historyReply(i: number, text: string): string {
  return `← INFO sip:alice@contoso.com SIP/2.0\r\nCSeq: ${i} INFO\r\nContent-Type: text/plain\r\n\r\n<xccos ver="1" envid="${i}"><rpl id="rpl:bccontext" seqid="${i}"><data><grpchat id="grpchat" chanUri="ma-chan://contoso.com/r"><chat>${text}</chat></grpchat></data></rpl></xccos>`;
}

describe('diagnostics report size and content (issue 28 item 7)', () => {
  it('summarises message bodies (no chat text), keeps the command ids, and stays within the size budget', () => {
    const recorder = new DiagnosticsRecorder();
    const logger = recorder.logger(() => undefined);
    for (let i = 0; i < 200; i++) logger.trace(historyReply(i, `private history ${i} ${'y'.repeat(1200)}`));
    const report = recorder.report({ product: 'test', versions: { node: process.version }, settings: {}, sections: [{ title: 'Connection', lines: ['- state: Connected'] }] });
    assert.ok(report.length <= REPORT_BUDGET, `${report.length} characters`);
    assert.doesNotMatch(report, /private history/);
    assert.match(report, /rpl rpl:bccontext/);
    assert.match(report, /INFO sip:alice@contoso\.com SIP\/2\.0\nCSeq: 199 INFO/, 'the newest message is kept with its headers');
    assert.ok(report.indexOf('## Connection\n- state: Connected') < report.indexOf('## Last'), 'the state comes before the messages');
  });

  it('with the bodies opted in, keeps the newest messages that fit and says how many older ones were left out', () => {
    const recorder = new DiagnosticsRecorder();
    const logger = recorder.logger(() => undefined);
    for (let i = 0; i < 200; i++) logger.trace(historyReply(i, `history ${i} ${'y'.repeat(1200)}`));
    const report = recorder.report({ product: 'test', versions: {}, settings: {}, includeBodies: true });
    assert.ok(report.length <= REPORT_BUDGET, `${report.length} characters`);
    assert.match(report, /history 199 /);
    assert.doesNotMatch(report, /history 0 /);
    assert.match(report, /\d+ older messages were left out/);
  });

  it('summarises a body to its size and elements; a non-XML body to its size', () => {
    assert.equal(summariseBody('<a><cmd id="cmd:join" x="secret"><b>hello</b></cmd></a>'), '(body: 55 chars, not included; elements: a, cmd cmd:join, b)');
    assert.equal(summariseBody('hello there'), '(body: 11 chars, not included)');
    assert.equal(summariseBody(''), '');
  });
});
