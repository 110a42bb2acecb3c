import assert from 'node:assert/strict';
import { accessLocation, chooseWebUrl, parseProvisioningBody, webServiceUrlsFor } from '../../../src/endpoint/provisioning';

const BODY = '<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification">'
  + '<provisionGroup name="ServerConfiguration">'
  + '<absInternalServerUrl>https://pool0.contoso.com/abs/handler</absInternalServerUrl><absExternalServerUrl>https://ext.contoso.com/abs/handler</absExternalServerUrl>'
  + '<dlxInternalUrl>https://pool0.contoso.com/GroupExpansion/Int/service.svc</dlxInternalUrl>'
  + '</provisionGroup>'
  + '<provisionGroup name="persistentChatConfiguration"><propertyEntryList>'
  + '<property name="EnablePersistentChat">true</property>'
  + '<property name="PersistentChatWebManagerUriInt">https://pool0.contoso.com/persistentchat/rm/</property>'
  + '<property name="PersistentChatWebManagerUriExt">https://ext.contoso.com/persistentchat/rm/</property>'
  + '</propertyEntryList></provisionGroup></provisionGroupList>';

describe('web service addresses from provisioning, internal or external by where the user signed in from', () => {
  const provisioning = parseProvisioningBody(BODY);

  it('a RemoteUser sign-in gets every external address; an internal one every internal address', () => {
    assert.deepEqual(webServiceUrlsFor(provisioning, accessLocation(true)), {
      addressBook: 'https://ext.contoso.com/abs/handler',
      groupExpansion: 'https://pool0.contoso.com/GroupExpansion/Int/service.svc',
      roomManagement: 'https://ext.contoso.com/persistentchat/rm/',
    });
    assert.deepEqual(webServiceUrlsFor(provisioning, accessLocation(false)), {
      addressBook: 'https://pool0.contoso.com/abs/handler',
      groupExpansion: 'https://pool0.contoso.com/GroupExpansion/Int/service.svc',
      roomManagement: 'https://pool0.contoso.com/persistentchat/rm/',
    });
  });

  it('a service provisioned only once is used from either side; none provisioned gives nothing', () => {
    assert.equal(chooseWebUrl({ internal: 'https://a/' }, 'external'), 'https://a/');
    assert.equal(chooseWebUrl({ external: 'https://b/' }, 'internal'), 'https://b/');
    assert.equal(chooseWebUrl(undefined, 'external'), undefined);
    assert.deepEqual(webServiceUrlsFor(undefined, 'external'), {});
    assert.deepEqual(webServiceUrlsFor(parseProvisioningBody('<provisionGroupList/>'), 'internal'), {});
  });

  it('drops an overlong address from provisioning rather than keeping it', () => {
    const long = `https://ext.contoso.com/${'a'.repeat(3000)}`;
    const parsed = parseProvisioningBody(BODY.replace('https://ext.contoso.com/abs/handler', long));
    assert.equal(webServiceUrlsFor(parsed, 'external').addressBook, 'https://pool0.contoso.com/abs/handler');
  });
});
