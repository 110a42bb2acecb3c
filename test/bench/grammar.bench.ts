import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResult, measure } from './harness';
import { bundleSipjs, quietSipjsLogger } from './sipjsBundles';

/** A chat-dialog INFO as the pool sends it (signed, grpchat body), the message the receive path parses most. */
function chatInfo(i: number): string {
  const body = `<xccos ver="1" envid="${7000 + i}" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="ma-chan://contoso.com/3393f007" author="sip:carol@contoso.com" ts="2026-11-24T08:30:00.000Z"><chat>hello ${i}</chat></grpchat></xccos>`;
  return [
    'INFO sip:alice@contoso.com;gruu;opaque=app:conf:focus SIP/2.0',
    `Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK${(1e9 + i).toString(16)};ms-received-port=5060;ms-received-cid=1A00`,
    'From: <sip:PersistentChatPool@contoso.com>;tag=5e2f1a;epid=0123456789',
    'To: <sip:alice@contoso.com>;tag=8a1b2c3d;epid=abcdef0123',
    `CSeq: ${i + 2} INFO`,
    'Call-ID: 4f1c2d3e5a6b7c8d',
    'Max-Forwards: 70',
    'Authentication-Info: NTLM rspauth="01000000000000000000000000000000", srand="00000000", snum="1", opaque="0", qop="auth", targetname="pool0.contoso.com", realm="SIP Communications Service"',
    'Content-Type: application/cccp+xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '', body,
  ].join('\r\n');
}

/**
 * DECODE-ONLY: sip.js's grammar as npm ships it vs as our build ships it (scripts/sipjsGrammar.cjs).
 * Per header: one From value; per message: Parser.parseMessage of a chat INFO (7-9 grammar calls).
 */
export async function grammarBenches(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sipjs-grammar-bench-'));
  try {
    const original = await bundleSipjs(dir, 'original', false);
    const ours = await bundleSipjs(dir, 'transformed', true);
    const from = '"Carol Clark" <sip:carol@contoso.com>;tag=5e2f1a;epid=0123456789';
    const messages = Array.from({ length: 512 }, (_, i) => chatInfo(i));
    let n = 0;
    const headerOurs = await measure(() => ours.Grammar.parse(from, 'From'), { iterations: 20_000, warmup: 2000 });
    const headerOriginal = await measure(() => original.Grammar.parse(from, 'From'), { iterations: 2000, warmup: 200 });
    const messageOurs = await measure(() => ours.Core.Parser.parseMessage(messages[n++ % messages.length], quietSipjsLogger), { iterations: 10_000, warmup: 1000 });
    const messageOriginal = await measure(() => original.Core.Parser.parseMessage(messages[n++ % messages.length], quietSipjsLogger), { iterations: 500, warmup: 100 });
    return [
      {
        name: 'DECODE-ONLY sip.js grammar: one From header', value: headerOurs.perOpMs * 1000, unit: 'µs',
        baseline: headerOriginal.perOpMs * 1000, baselineName: 'sip.js as shipped', ratio: headerOurs.perOpMs / headerOriginal.perOpMs,
      },
      {
        name: 'DECODE-ONLY sip.js Parser.parseMessage: chat INFO', value: messageOurs.perOpMs * 1000, unit: 'µs',
        baseline: messageOriginal.perOpMs * 1000, baselineName: 'sip.js as shipped', ratio: messageOurs.perOpMs / messageOriginal.perOpMs,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
