import assert from 'node:assert/strict';
import { parseProvisioningBody } from '../../../src/endpoint/provisioning';
import { chooseRoomManagementUrl, webPageUrl } from '../../../src/persistentChat/connection/roomManagement';

const INTERNAL = 'https://pool0.contoso.com/persistentchat/rm/';
const EXTERNAL = 'https://ext.contoso.com/persistentchat/rm/';

function provisioning(properties: Record<string, string>) {
  const entries = Object.entries(properties).map(([name, value]) => `<property name="${name}">${value}</property>`).join('');
  return parseProvisioningBody('<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification">'
    + `<provisionGroup name="persistentChatConfiguration"><propertyEntryList><property name="EnablePersistentChat">true</property>${entries}</propertyEntryList></provisionGroup></provisionGroupList>`);
}

describe('room management web page (provisioning PersistentChatWebManagerUriInt/Ext)', () => {
  const both = provisioning({ PersistentChatWebManagerUriInt: INTERNAL, PersistentChatWebManagerUriExt: EXTERNAL });

  it('signed in from inside: the internal address; from outside (RemoteUser): the external one', () => {
    assert.equal(chooseRoomManagementUrl(both, false), INTERNAL);
    assert.equal(chooseRoomManagementUrl(both, true), EXTERNAL);
  });

  it('when only one address is provisioned, it is used wherever the user signed in from', () => {
    const internalOnly = provisioning({ PersistentChatWebManagerUriInt: INTERNAL });
    const externalOnly = provisioning({ PersistentChatWebManagerUriExt: EXTERNAL });
    assert.equal(chooseRoomManagementUrl(internalOnly, true), INTERNAL);
    assert.equal(chooseRoomManagementUrl(externalOnly, false), EXTERNAL);
  });

  it('none without the properties, without the chat group (Lync 2010) or without provisioning', () => {
    assert.equal(chooseRoomManagementUrl(provisioning({}), false), undefined);
    assert.equal(chooseRoomManagementUrl(parseProvisioningBody('<provisionGroupList/>'), true), undefined);
    assert.equal(chooseRoomManagementUrl(undefined, false), undefined);
  });

  it('opens only plain http(s) addresses: other schemes, credentials, control characters and overlong values are refused', () => {
    assert.equal(webPageUrl(INTERNAL)?.href, INTERNAL);
    assert.equal(webPageUrl('http://rm.contoso.com/')?.href, 'http://rm.contoso.com/');
    for (const hostile of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://ms-vscode.x/y',
      'https://user:pw@evil.example/', 'https://rm.contoso.com/\u001b]0;title\u0007', 'https://rm.contoso.com/ x', 'not a url', '',
      `https://rm.contoso.com/${'a'.repeat(3000)}`]) {
      assert.equal(webPageUrl(hostile), undefined, JSON.stringify(hostile.slice(0, 60)));
    }
  });
});
