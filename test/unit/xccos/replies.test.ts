import assert from 'node:assert/strict';
import { decodeEnvelope, XccosNotice, XccosReply } from '../../../src/persistentChat/xccos/envelope';
import {
  decodeHistory, decodeJoin, decodeParticipantChange, decodeParticipantChanges, decodeRequri, decodeRoomList, decodeServerInfo,
} from '../../../src/persistentChat/xccos/replies';

const env = (body: string) => `<xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos">${body}</xccos>`;
const reply = (id: string, data: string) => decodeEnvelope(env(`<rpl id="${id}" seqid="1"><commandid seqid="1" envid="42"/><resp code="200">SUCCESS_OK</resp><data>${data}</data></rpl>`)).items[0] as XccosReply;
const notice = (id: string, data: string) => decodeEnvelope(env(`<ntc id="${id}" seqid="1"><data>${data}</data></ntc>`)).items[0] as XccosNotice;
const collect = () => {
  const reasons: string[] = [];
  return { reasons, onIgnored: (r: string) => void reasons.push(r) };
};

describe('decodeRequri', () => {
  it('reads uib/@uri', () => {
    assert.equal(decodeRequri(reply('rpl:requri', '<uib uri="sip:PersistentChatPool1@contoso.com"/>').data), 'sip:PersistentChatPool1@contoso.com');
  });

  it('is undefined when there is no uri or no data', () => {
    assert.equal(decodeRequri(reply('rpl:requri', '<uib/>').data), undefined);
    assert.equal(decodeRequri(undefined), undefined);
  });
});

describe('decodeServerInfo', () => {
  const SIB = '<sib infoType="123" serverTime="2010-09-14T14:26:17.6206356Z" searchLimit="999" messageSizeLimit="512" storySizeLimit="4096" '
    + 'rootUri="ma-cat://contoso.com/0a1b" dbVersion="3ea3a5a8-ef36-46cf-898f-7a5133931d63"/>';

  for (const id of ['rpl:getserverinfo', 'rpl:getservinfo']) {
    it(`reads every sib field of ${id}`, () => {
      assert.deepEqual(decodeServerInfo(reply(id, SIB).data), {
        serverTime: new Date('2010-09-14T14:26:17.620Z'), searchLimit: 999, messageSizeLimit: 512, storySizeLimit: 4096,
        rootUri: 'ma-cat://contoso.com/0a1b', dbVersion: '3ea3a5a8-ef36-46cf-898f-7a5133931d63',
      });
    });
  }

  it('leaves out missing and unreadable fields', () => {
    assert.deepEqual(decodeServerInfo(reply('rpl:getserverinfo', '<sib searchLimit="lots" serverTime="yesterday" messageSizeLimit="512"/>').data), { messageSizeLimit: 512 });
    assert.deepEqual(decodeServerInfo(undefined), {});
  });
});

describe('decodeRoomList (rpl:chansrch)', () => {
  it('reads sipe\'s room record: count, misspelt visibilty, and boolean properties', () => {
    const data = reply('rpl:chansrch', '<chanib name="Release Train" description="Ship it" uri="ma-chan://contoso.com/aaa">'
      + '<info id="urn:parlano:ma:info:ucnt">5</info><info id="urn:parlano:ma:info:visibilty">private</info>'
      + '<prop id="urn:parlano:ma:prop:filepost">true</prop><prop id="urn:parlano:ma:prop:invite">true</prop><prop id="urn:parlano:ma:prop:logged">false</prop></chanib>'
      + '<chanib name="Lobby" uri="ma-chan://contoso.com/bbb"/>').data;
    assert.deepEqual(decodeRoomList(data), [
      { uri: 'ma-chan://contoso.com/aaa', name: 'Release Train', description: 'Ship it', participantCount: 5, privacy: 'closed', invitationsEnabled: true, fileposting: true, logged: false },
      { uri: 'ma-chan://contoso.com/bbb', name: 'Lobby' },
    ]);
  });

  it('accepts a privacy attribute and other visibility spellings', () => {
    const rooms = decodeRoomList(reply('rpl:chansrch', '<chanib uri="ma-chan://d/1" privacy="Secret"/><chanib uri="ma-chan://d/2"><info id="urn:parlano:ma:info:visibility">public</info></chanib>'
      + '<chanib uri="ma-chan://d/3" privacy="open"/><chanib uri="ma-chan://d/4" privacy="odd"/><chanib uri="ma-chan://d/5" privacy="constructor"/>'
      + '<chanib uri="ma-chan://d/6"><prop id="urn:parlano:ma:prop:visibilty">__proto__</prop></chanib>').data);
    assert.deepEqual(rooms.map((r) => r.privacy), ['secret', 'open', 'open', undefined, undefined, undefined]);
  });

  it('names a room by its uri when the name is missing, and skips (and reports) a record without uri', () => {
    const { reasons, onIgnored } = collect();
    const rooms = decodeRoomList(reply('rpl:chansrch', '<chanib name="no uri"/><chanib uri="ma-chan://d/x"><info id="urn:parlano:ma:info:ucnt">many</info></chanib>').data, { onIgnored });
    assert.deepEqual(rooms, [{ uri: 'ma-chan://d/x', name: 'ma-chan://d/x' }]);
    assert.match(reasons.join(), /room record without uri: <chanib name="no uri">/);
  });

  it('returns no rooms for an empty or missing data element', () => {
    assert.deepEqual(decodeRoomList(reply('rpl:chansrch', '').data), []);
    assert.deepEqual(decodeRoomList(undefined), []);
  });
});

describe('decodeJoin (rpl:join / rpl:bjoin)', () => {
  it('maps user ids to URIs and splits managers (key 12276) from members', () => {
    const data = reply('rpl:bjoin', '<uib id="1" uri="sip:alice@contoso.com"/><uib id="2" uri="sip:bob@contoso.com"/><uib id="3" uri="sip:carol@contoso.com"/>'
      + '<chanib uri="ma-chan://contoso.com/aaa" name="Release Train" topic="Friday deploy"><aib key="3984" value="1,2,3"/><aib key="12276" value="2"/></chanib>'
      + '<chanib uri="ma-chan://contoso.com/bbb" name="Lobby"><aib key="3984" value="1"/></chanib>').data;
    const result = decodeJoin(data);
    assert.deepEqual([...result.users], [['1', 'sip:alice@contoso.com'], ['2', 'sip:bob@contoso.com'], ['3', 'sip:carol@contoso.com']]);
    assert.deepEqual(result.rooms, [
      { uri: 'ma-chan://contoso.com/aaa', name: 'Release Train', topic: 'Friday deploy', members: ['sip:alice@contoso.com', 'sip:bob@contoso.com', 'sip:carol@contoso.com'], managers: ['sip:bob@contoso.com'] },
      { uri: 'ma-chan://contoso.com/bbb', name: 'Lobby', members: ['sip:alice@contoso.com'], managers: [] },
    ]);
  });

  it('reports user ids it cannot resolve and rooms without uri', () => {
    const { reasons, onIgnored } = collect();
    const result = decodeJoin(reply('rpl:join', '<uib id="1" uri="sip:a@d"/><chanib uri="ma-chan://d/v"><aib key="1" value="1, 7"/></chanib><chanib name="x"/>').data, { onIgnored });
    assert.deepEqual(result.rooms.map((r) => r.members), [['sip:a@d']]);
    assert.deepEqual(reasons, ['room ma-chan://d/v lists unknown user id 7', 'joined room without uri: <chanib name="x">']);
  });
});

describe('decodeParticipantChange (ntc:join / ntc:bjoin / ntc:part)', () => {
  it('reads a join: uib uri with aib domain/value naming the room', () => {
    const change = decodeParticipantChange(notice('ntc:join', '<uib uri="sip:dave@contoso.com"><aib key="3984" domain="contoso.com" value="aaa"/></uib>'));
    assert.deepEqual(change, { kind: 'join', roomUri: 'ma-chan://contoso.com/aaa', users: ['sip:dave@contoso.com'] });
  });

  it('reads a part: chanib uri with uib children', () => {
    const change = decodeParticipantChange(notice('ntc:part', '<chanib uri="ma-chan://contoso.com/aaa"><uib uri="sip:dave@contoso.com"/><uib uri="sip:erin@contoso.com"/></chanib>'));
    assert.deepEqual(change, { kind: 'part', roomUri: 'ma-chan://contoso.com/aaa', users: ['sip:dave@contoso.com', 'sip:erin@contoso.com'] });
  });

  it('groups a notice that touches several rooms by room; the singular form returns the first and reports the rest', () => {
    const n = notice('ntc:bjoin', '<uib uri="sip:a@d"><aib key="3984" domain="d" value="1"/><aib key="12276" domain="d" value="2"/></uib><uib uri="sip:b@d"><aib key="3984" domain="d" value="1"/></uib>');
    assert.deepEqual(decodeParticipantChanges(n), [
      { kind: 'join', roomUri: 'ma-chan://d/1', users: ['sip:a@d', 'sip:b@d'] },
      { kind: 'join', roomUri: 'ma-chan://d/2', users: ['sip:a@d'] },
    ]);
    const { reasons, onIgnored } = collect();
    assert.equal(decodeParticipantChange(n, { onIgnored })?.roomUri, 'ma-chan://d/1');
    assert.match(reasons.join(), /1 more room/);
  });

  it('is undefined (reported) when the notice names no room', () => {
    const { reasons, onIgnored } = collect();
    assert.equal(decodeParticipantChange(notice('ntc:join', '<uib uri="sip:a@d"/>'), { onIgnored }), undefined);
    assert.match(reasons.join(), /without room/);
  });
});

describe('decodeHistory (rpl:bccontext)', () => {
  it('reads chanib/msg records with id grpchat, in order', () => {
    const data = reply('rpl:bccontext', '<chanib uri="ma-chan://d/v">'
      + '<msg id="grpchat" seqid="1" chanUri="ma-chan://d/v" author="sip:a@d" ts="2013-08-03T12:00:00Z"><chat>first</chat></msg>'
      + '<msg id="grpchat" chanUri="ma-chan://d/v" author="sip:b@d" ts="2013-08-03T12:01:00.5"><chat>second\nline</chat></msg></chanib>').data;
    assert.deepEqual(decodeHistory(data), [
      { roomUri: 'ma-chan://d/v', author: 'sip:a@d', timestamp: new Date('2013-08-03T12:00:00Z'), text: 'first', seqid: '1' },
      { roomUri: 'ma-chan://d/v', author: 'sip:b@d', timestamp: new Date('2013-08-03T12:01:00.500Z'), text: 'second\nline' },
    ]);
  });

  it('takes the room from the enclosing chanib when a record omits chanUri, and skips other record kinds', () => {
    const { reasons, onIgnored } = collect();
    const messages = decodeHistory(reply('rpl:bccontext', '<chanib uri="ma-chan://d/v"><msg id="grpchat" author="sip:a@d" ts="2013-08-03T12:00:00Z"><chat>x</chat></msg>'
      + '<msg id="fileupload" author="sip:a@d"/><msg id="grpchat" chanUri="ma-chan://d/v"><chat>no author</chat></msg></chanib>').data, { onIgnored });
    assert.deepEqual(messages.map((m) => [m.roomUri, m.text]), [['ma-chan://d/v', 'x']]);
    assert.equal(reasons.length, 2);
    assert.match(reasons[0], /kind "fileupload"/);
    assert.match(reasons[1], /without author/);
  });

  it('uses the decode time for a record without ts, and reports it', () => {
    const { reasons, onIgnored } = collect();
    const now = new Date('2026-01-01T00:00:00Z');
    const [m] = decodeHistory(reply('rpl:bccontext', '<chanib uri="ma-chan://d/v"><msg id="grpchat" author="sip:a@d"><chat>x</chat></msg></chanib>').data, { onIgnored, now: () => now });
    assert.equal(m.timestamp, now);
    assert.match(reasons.join(), /no ts/);
  });
});
