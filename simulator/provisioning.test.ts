import assert from 'node:assert/strict';
import { SimulatedLyncPool } from './pool';
import { signedIn } from './simTestUtil';
import type { SipeEndpoint } from './sipeMessages';

const SDP = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 5061 sip null\r\na=accept-types:text/plain\r\n';

function group(body: string, name: string): string | undefined {
  return new RegExp(`<provisionGroup name="${name}">[\\s\\S]*?</provisionGroup>`).exec(body)?.[0];
}

function inviteChat(ep: SipeEndpoint, uri: string): string {
  return ep.request('INVITE', uri, { headers: ['Supported: ms-sender'], contentType: 'application/sdp', body: SDP });
}

describe('simulated pool: provisioning and request routing (raw sockets)', () => {
  describe('Lync 2013 mode', () => {
    let pool: SimulatedLyncPool;
    let ep: SipeEndpoint;
    before(async () => {
      pool = await SimulatedLyncPool.start({ persistentChatPoolUri: 'sip:PChatPool1@contoso.com' });
      ep = await signedIn(pool);
    });
    after(async () => {
      await ep?.client.close();
      await pool?.stop();
    });

    it('piggy-backs the provisioning groups, persistentChatConfiguration included, in the SUBSCRIBE 200 OK', async () => {
      const response = await ep.client.request(ep.provisioningSubscribe());
      assert.equal(response.status, 200);
      assert.equal(ep.client.received.at(-1)?.verdict, 'valid');
      assert.equal(response.header('Expires'), '0');
      assert.equal(response.header('Event'), 'vnd-microsoft-provisioning-v2');
      assert.equal(response.header('subscription-state'), 'terminated;expires=0');
      assert.equal(response.header('ms-piggyback-cseq'), '1');
      assert.equal(response.header('Content-Type'), 'application/vnd-microsoft-roaming-provisioning-v2+xml');
      const body = response.body.toString('utf8');
      assert.match(body, /^<provisionGroupList xmlns="http:\/\/schemas\.microsoft\.com\/2006\/09\/sip\/provisiongrouplist-notification">/);
      assert.match(group(body, 'ServerConfiguration') ?? '', /<focusFactoryUri>sip:alice@contoso\.com;gruu;opaque=app:conf:focusfactory<\/focusFactoryUri>/);
      const chat = group(body, 'persistentChatConfiguration') ?? '';
      assert.match(chat, /<property name="EnablePersistentChat">true<\/property>/);
      assert.match(chat, /<property name="DefaultPersistentChatPoolUri">sip:PChatPool1@contoso\.com<\/property>/);
      assert.match(chat, /<property name="PersistentChatPoolUris">sip:PChatPool1@contoso\.com<\/property>/);
      assert.match(chat, /<property name="PersistentChatWebManagerUriInt">https:\/\/[^<]+<\/property>/);
      assert.match(chat, /<property name="PersistentChatWebManagerUriExt">https:\/\/[^<]+<\/property>/);
      assert.match(group(body, 'meetingPolicy') ?? '', /<instance><property name="/);
      assert.match(group(body, 'ucPolicy') ?? '', /<instance><property name="/);
    });

    it('answers the roaming-contacts and roaming-self subscriptions with their first NOTIFY bodies', async () => {
      for (const [event, root] of [['vnd-microsoft-roaming-contacts', '<contactList '], ['vnd-microsoft-roaming-self', '<roamingData ']]) {
        const response = await ep.client.request(ep.request('SUBSCRIBE', ep.aor, { headers: [`Event: ${event}`, 'Supported: ms-piggyback-first-notify'] }));
        assert.equal(response.status, 200, event);
        assert.equal(response.header('subscription-state'), 'active;expires=7200');
        assert.ok(response.body.toString().startsWith(root), `${event} body`);
      }
    });

    it('provisionWebManager(false) leaves the room management web page addresses out of persistentChatConfiguration, and true puts them back', async () => {
      try {
        pool.provisionWebManager(false);
        const chat = group((await ep.client.request(ep.provisioningSubscribe())).body.toString('utf8'), 'persistentChatConfiguration') ?? '';
        assert.match(chat, /<property name="DefaultPersistentChatPoolUri">/, 'the rest of the group is still provisioned');
        assert.doesNotMatch(chat, /PersistentChatWebManagerUri/);
      } finally {
        pool.provisionWebManager(true);
      }
      const chat = group((await ep.client.request(ep.provisioningSubscribe())).body.toString('utf8'), 'persistentChatConfiguration') ?? '';
      assert.match(chat, /<property name="PersistentChatWebManagerUriInt">https:\/\/[^<]+<\/property>/);
    });

    it('489 for an unknown event, 403 for someone else\'s roaming data', async () => {
      assert.equal((await ep.client.request(ep.request('SUBSCRIBE', ep.aor, { headers: ['Event: vnd-microsoft-nonsense'] }))).status, 489);
      assert.equal((await ep.client.request(ep.request('SUBSCRIBE', 'sip:bob@contoso.com', { headers: ['Event: vnd-microsoft-roaming-self'] }))).status, 403);
    });

    it('200 for SERVICE and OPTIONS, 501 for an unknown method, 480/404 for other users\' endpoints', async () => {
      assert.equal((await ep.client.request(ep.request('SERVICE', ep.aor, { contentType: 'application/msrtc-setcontainermembers+xml', body: '<setContainerMembers/>' }))).status, 200);
      assert.equal((await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'))).status, 200);
      assert.equal((await ep.client.request(ep.request('FROBNICATE', 'sip:contoso.com'))).status, 501);
      assert.equal((await ep.client.request(ep.request('MESSAGE', 'sip:bob@contoso.com', { contentType: 'text/plain', body: 'hi' }))).status, 480);
      assert.equal((await ep.client.request(ep.request('MESSAGE', 'sip:nobody@contoso.com', { contentType: 'text/plain', body: 'hi' }))).status, 404);
    });

    it('routes INVITEs to the provisioned pool URI and to ocschat@ to the chat layer', async () => {
      for (const uri of ['sip:PChatPool1@contoso.com', 'sip:ocschat@contoso.com']) {
        const response = await ep.client.request(inviteChat(ep, uri));
        assert.equal(response.status, 200, uri);
        assert.match(response.header('Contact') ?? '', /;gruu;opaque=srvr:/i, 'answered by a chat service GRUU');
        assert.equal(ep.client.received.at(-1)?.verdict, 'valid', 'chat layer messages are signed too');
        assert.ok(pool.chatSessions().some((s) => s.callId === response.header('Call-ID')), 'the chat layer owns the dialog');
      }
    });

    it('answers an in-dialog request for an unknown dialog with 481', async () => {
      const bye = ep.request('BYE', 'sip:ocschat@contoso.com', { to: '<sip:ocschat@contoso.com>;tag=12345678', cseq: 2 });
      assert.equal((await ep.client.request(bye)).status, 481);
    });
  });

  describe('Lync 2010 mode', () => {
    let pool: SimulatedLyncPool;
    let ep: SipeEndpoint;
    before(async () => {
      pool = await SimulatedLyncPool.start({ lync2010: true });
      ep = await signedIn(pool);
    });
    after(async () => {
      await ep?.client.close();
      await pool?.stop();
    });

    it('provisions no persistentChatConfiguration group (clients fall back to ocschat@domain)', async () => {
      const response = await ep.client.request(ep.provisioningSubscribe());
      assert.equal(response.status, 200);
      const body = response.body.toString('utf8');
      assert.equal(group(body, 'persistentChatConfiguration'), undefined);
      assert.ok(group(body, 'ServerConfiguration') && group(body, 'meetingPolicy') && group(body, 'ucPolicy'));
    });

    it('serves chat on ocschat@ only', async () => {
      assert.equal((await ep.client.request(inviteChat(ep, 'sip:ocschat@contoso.com'))).status, 200);
      assert.equal((await ep.client.request(inviteChat(ep, 'sip:PersistentChatPool@contoso.com'))).status, 404);
    });
  });
});
