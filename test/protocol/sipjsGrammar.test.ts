import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SipjsBundle, bundleSipjs, grammarTransform, quietSipjsLogger, repoRoot } from '../bench/sipjsBundles';
import { CorpusMessage, image, messageImage, sipCorpus, splitHeaders, variants } from './helpers/sipCorpus';

/** Every start rule the generated grammar offers (what sip.js may ask for). */
const START_RULES = ['Contact', 'Name_Addr_Header', 'Record_Route', 'Request_Response', 'SIP_URI', 'Subscription_State', 'Supported', 'Require', 'Via', 'absoluteURI', 'Call_ID', 'Content_Disposition', 'Content_Length', 'Content_Type', 'CSeq', 'displayName', 'Event', 'From', 'host', 'Max_Forwards', 'Min_SE', 'Proxy_Authenticate', 'quoted_string', 'Refer_To', 'Replaces', 'Session_Expires', 'stun_URI', 'To', 'turn_URI', 'uuid', 'WWW_Authenticate', 'challenge', 'sipfrag', 'Referred_By'];

const quiet = quietSipjsLogger;

/** What one grammar call yields: the value sip.js's Grammar.parse returns (options.data, or -1). */
const grammarImage = (bundle: SipjsBundle, input: string, rule: string) => image(bundle.Grammar.parse(input, rule));

describe('sip.js grammar transform (scripts/sipjsGrammar.cjs) is output-identical', function () {
  this.timeout(600_000);
  let dir: string;
  let original: SipjsBundle;
  let transformed: SipjsBundle;
  const corpus: CorpusMessage[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sipjs-grammar-'));
    original = await bundleSipjs(dir, 'original', false);
    transformed = await bundleSipjs(dir, 'transformed', true);
    corpus.push(...await sipCorpus());
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses any grammar file but the one it was written for, with instructions', () => {
    const file = join(repoRoot, 'node_modules', 'sip.js', 'lib', 'grammar', 'pegjs', 'dist', 'grammar.js');
    const source = readFileSync(file, 'utf8');
    assert.ok(grammarTransform.transformSipjsGrammar(source).includes('peg$parseOnce'));
    assert.throws(() => grammarTransform.transformSipjsGrammar(source.replace('peg$decode("2 ', 'peg$decode("3 ')), /sha256[\s\S]*sipjsGrammar\.cjs/);
  });

  it('the bundle really runs the transformed grammar (and the original bundle does not)', () => {
    assert.match(readFileSync(join(dir, 'transformed.js'), 'utf8'), /peg\$parseOnce/);
    assert.doesNotMatch(readFileSync(join(dir, 'original.js'), 'utf8'), /peg\$parseOnce/);
  });

  it('parses every corpus message (and broken copies) exactly as sip.js does: parseMessage, then each header by its rule, twice', () => {
    assert.ok(corpus.length >= 40, `a corpus of real and simulated messages (${corpus.length})`);
    assert.ok(corpus.some((m) => m.from.startsWith('pidgin-sipe')) && corpus.some((m) => m.from.startsWith('simulator')));
    let compared = 0;
    for (const { from, text } of corpus) {
      for (const variant of variants(text)) {
        const expected = messageImage((t) => original.Core.Parser.parseMessage(t, quiet), variant);
        // The second parse of the same text is served from the memo: it must be the same, and a fresh copy.
        assert.deepStrictEqual(messageImage((t) => transformed.Core.Parser.parseMessage(t, quiet), variant), expected, `${from}: ${variant.split('\r\n')[0]}`);
        assert.deepStrictEqual(messageImage((t) => transformed.Core.Parser.parseMessage(t, quiet), variant), expected, `${from} (again): ${variant.split('\r\n')[0]}`);
        compared++;
      }
    }
    assert.ok(compared > 200);
  });

  it('every start rule gives the same result for every header value and start line of the corpus', () => {
    const inputs = new Set<string>();
    for (const { text } of corpus) {
      const { startLine, headers } = splitHeaders(text);
      inputs.add(startLine);
      for (const [, value] of headers) inputs.add(value);
    }
    for (const input of inputs) {
      for (const rule of START_RULES) {
        const expected = grammarImage(original, input, rule);
        assert.deepStrictEqual(grammarImage(transformed, input, rule), expected, `${rule}: ${input}`);
        assert.deepStrictEqual(grammarImage(transformed, input, rule), expected, `${rule} (again): ${input}`);
      }
    }
  });

  it('a memoised result is a private copy: mutating one parse does not change the next', () => {
    const value = '"Alice" <sip:alice@contoso.com>;tag=1234;epid=abc';
    const first = transformed.Grammar.parse(value, 'From') as { setParam(k: string, v: string): void; uri: { user: string } };
    first.setParam('tag', 'changed');
    first.uri.user = 'mallory';
    assert.deepStrictEqual(grammarImage(transformed, value, 'From'), grammarImage(original, value, 'From'));
  });
});
