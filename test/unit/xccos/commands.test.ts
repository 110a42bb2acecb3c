import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import * as cmd from '../../../src/persistentChat/xccos/commands';
import { encodeEnvelope, EnvelopeIdSource } from '../../../src/persistentChat/xccos/envelope';

const ROOM = 'ma-chan://contoso.com/4d2f0c1e-aaaa-bbbb-cccc-0123456789ab';
const ROOM2 = 'ma-chan://fabrikam.com/00000000-1111-2222-3333-444444444444';

function wrap(envid: string, body: string): string {
  return `<xccos ver="1" envid="${envid}" xmlns="urn:parlano:xml:ns:xccos">${body}</xccos>`;
}

describe('XCCOS command encoders (exactly as sipe writes them)', () => {
  it('cmd:requri', () => {
    assert.deepEqual(cmd.requri('1234'), { envid: '1234', text: wrap('1234', '<cmd id="cmd:requri" seqid="1"><data/></cmd>') });
  });

  it('cmd:getserverinfo', () => {
    assert.equal(cmd.getServerInfo('7', 'contoso.com').text,
      wrap('7', '<cmd id="cmd:getserverinfo" seqid="1"><data><sib domain="contoso.com" infoType="123"/></data></cmd>'));
  });

  it('cmd:bjoin numbers the chanid keys and splits each room URI into domain and value', () => {
    assert.equal(cmd.bjoin('8', [ROOM, ROOM2]).text, wrap('8', '<cmd id="cmd:bjoin" seqid="1"><data>'
      + '<chanid key="0" domain="contoso.com" value="4d2f0c1e-aaaa-bbbb-cccc-0123456789ab"/>'
      + '<chanid key="1" domain="fabrikam.com" value="00000000-1111-2222-3333-444444444444"/></data></cmd>'));
  });

  it('cmd:join', () => {
    assert.equal(cmd.join('9', ROOM).text,
      wrap('9', '<cmd id="cmd:join" seqid="1"><data><chanid key="0" domain="contoso.com" value="4d2f0c1e-aaaa-bbbb-cccc-0123456789ab"/></data></cmd>'));
  });

  it('cmd:part', () => {
    assert.equal(cmd.part('10', ROOM).text, wrap('10', `<cmd id="cmd:part" seqid="1"><data><chanib uri="${ROOM}"/></data></cmd>`));
  });

  it('cmd:chansrch, escaping the criteria', () => {
    assert.equal(cmd.chansrch('11').text,
      wrap('11', '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="" extended="false"/></data></cmd>'));
    assert.match(cmd.chansrch('11', 'R&D "x"').text, /criteria="R&amp;D &quot;x&quot;"/);
  });

  it('cmd:getinv carries the high-water mark', () => {
    assert.equal(cmd.getinv('12', 41, 'contoso.com').text,
      wrap('12', '<cmd id="cmd:getinv" seqid="1"><data><inv inviteId="41" domain="contoso.com"/></data></cmd>'));
    assert.match(cmd.getinv('12', 0, 'contoso.com').text, /inviteId="0"/);
  });

  it('cmd:bccontext asks for the last 25 messages by default', () => {
    assert.equal(cmd.bccontext('13', ROOM).text,
      wrap('13', `<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="${ROOM}"/><bcq><last cnt="25"/></bcq></data></cmd>`));
    assert.match(cmd.bccontext('13', ROOM, 100).text, /<last cnt="100"\/>/);
  });

  it('grpchat: escaped plain text, CRLF line breaks, ts in UTC to the second', () => {
    const out = cmd.grpchat('14', {
      roomUri: ROOM, author: 'sip:alice@contoso.com', text: 'a < b & c\nline2\r\nline3\rend', timestamp: new Date('2013-08-03T12:34:56.789Z'),
    });
    assert.equal(out.text, wrap('14', `<grpchat id="grpchat" seqid="1" chanUri="${ROOM}" author="sip:alice@contoso.com" ts="2013-08-03T12:34:56Z">`
      + '<chat>a &lt; b &amp; c\r\nline2\r\nline3\r\nend</chat></grpchat>'));
  });

  it('refuses a room URI that is not ma-chan://<domain>/<id>', () => {
    for (const bad of ['sip:room@contoso.com', 'ma-chan://contoso.com', 'ma-chan:///x']) {
      assert.throws(() => cmd.join('1', bad), (e: unknown) => LyncError.is(e, 'ProtocolError') && !e.retriable);
    }
  });

  it('refuses a negative high-water mark, a zero history count and a non-numeric envid', () => {
    assert.throws(() => cmd.getinv('1', -1, 'd'), /high-water mark/);
    assert.throws(() => cmd.bccontext('1', ROOM, 0), /history count/);
    assert.throws(() => encodeEnvelope('12"/><x', ''), /envid/);
  });
});

describe('EnvelopeIdSource', () => {
  it('counts up by one from its start, as strings', () => {
    const ids = new EnvelopeIdSource(4294967295);
    assert.deepEqual([ids.next(), ids.next(), ids.next()], ['4294967295', '4294967296', '4294967297']);
  });

  it('starts at a random value that fits in 32 bits', () => {
    const starts = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const start = new EnvelopeIdSource().next();
      assert.match(start, /^\d+$/);
      assert.ok(Number(start) > 0 && Number(start) < 2 ** 32);
      starts.add(start);
    }
    assert.ok(starts.size > 1);
  });
});
