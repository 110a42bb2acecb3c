/**
 * Bodies of the self-subscriptions a Lync client makes after REGISTER ([MS-SIPREGE] in-band
 * provisioning, roaming contacts, roaming self): docs/protocol/provisioning.md. Provisioning is piggy-backed in
 * the SUBSCRIBE 200 OK (`ms-piggyback-cseq`, `subscription-state: terminated`, `Expires: 0`).
 */
import type { PoolConfig } from './config';

export const PROVISIONING_EVENT = 'vnd-microsoft-provisioning-v2';
/** Events the pool accepts subscriptions to (the Allow-Events of the REGISTER 200 OK). */
export const ALLOW_EVENTS = [
  'vnd-microsoft-provisioning', 'vnd-microsoft-roaming-contacts', 'vnd-microsoft-roaming-ACL', 'presence',
  'presence.wpending', 'vnd-microsoft-roaming-self', PROVISIONING_EVENT,
];
const SELF_EVENTS = new Set(ALLOW_EVENTS.map((e) => e.toLowerCase()));
const PROVISIONING_TYPE = 'application/vnd-microsoft-roaming-provisioning-v2+xml';

export interface SubscriptionAnswer {
  /** Extra headers after the common ones. */
  headers: string[];
  body: string;
  contentType: string;
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function property(name: string, value: string): string {
  return `<property name="${name}">${esc(value)}</property>`;
}

/** The provisionGroupList for `userUri` (persistentChatConfiguration left out in Lync 2010 mode). */
export function provisioningBody(config: PoolConfig, userUri: string): string {
  const host = `https://${config.fqdn}`;
  const ext = `https://ext.${config.domain}`;
  const groups = [
    `<provisionGroup name="ServerConfiguration">` +
      `<focusFactoryUri>${esc(userUri)};gruu;opaque=app:conf:focusfactory</focusFactoryUri>` +
      `<absInternalServerUrl>${host}/abs/handler</absInternalServerUrl>` +
      `<absExternalServerUrl>${ext}/abs/handler</absExternalServerUrl>` +
      `<dlxInternalUrl>${host}/GroupExpansion/Int/service.svc</dlxInternalUrl>` +
      `<dlxExternalUrl>${ext}/GroupExpansion/Ext/service.svc</dlxExternalUrl>` +
      `<mrasUri>sip:mras@${config.domain};gruu;opaque=srvr:MRAS:sim</mrasUri>` +
      `<ucPC2PCAVEncryption>SupportEncryption</ucPC2PCAVEncryption>` +
      `<ucPortRangeEnabled>false</ucPortRangeEnabled>` +
      `<ucMaxVideoRateAllowed>Hd720p15M</ucMaxVideoRateAllowed>` +
      `</provisionGroup>`,
  ];
  if (!config.lync2010) {
    const pools = [config.persistentChatPoolUri];
    groups.push(
      `<provisionGroup name="persistentChatConfiguration"><propertyEntryList>` +
        property('EnablePersistentChat', 'true') +
        property('DefaultPersistentChatPoolUri', config.persistentChatPoolUri) +
        property('PersistentChatPoolUris', pools.join(' ')) +
        (config.webManager ? property('PersistentChatWebManagerUriInt', `${host}/persistentchat/rm/`) + property('PersistentChatWebManagerUriExt', `${ext}/persistentchat/rm/`) : '') +
        `</propertyEntryList></provisionGroup>`,
    );
  }
  groups.push(
    `<provisionGroup name="meetingPolicy"><instance>` +
      property('AllowIPAudio', 'true') + property('AllowIPVideo', 'true') +
      property('AllowAnonymousParticipantsInMeetings', 'false') + property('EnableDataCollaboration', 'true') +
      `</instance></provisionGroup>`,
    `<provisionGroup name="ucPolicy"><instance>` +
      property('EnableCallTransfer', 'true') + property('EnableDelegation', 'true') +
      property('EnableSimultaneousRinging', 'true') + property('EnableCallForwarding', 'true') +
      `</instance></provisionGroup>`,
  );
  return `<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification">${groups.join('')}</provisionGroupList>`;
}

/**
 * The 200 OK contents for a self-SUBSCRIBE, or undefined for an event this pool does not serve
 * (the caller answers 489 Bad Event). `expires` is the requested Expires (undefined: default).
 */
export function subscriptionAnswer(config: PoolConfig, event: string, userUri: string, requestedExpires: number | undefined): SubscriptionAnswer | undefined {
  const name = event.split(';')[0].trim().toLowerCase();
  if (name === PROVISIONING_EVENT) {
    return {
      headers: ['Expires: 0', `Event: ${PROVISIONING_EVENT}`, 'subscription-state: terminated;expires=0', 'ms-piggyback-cseq: 1', 'Supported: ms-benotify, ms-piggyback-first-notify'],
      body: provisioningBody(config, userUri),
      contentType: PROVISIONING_TYPE,
    };
  }
  const expires = requestedExpires ?? 7200;
  const active = expires === 0
    ? ['Expires: 0', `Event: ${name}`, 'subscription-state: terminated;expires=0']
    : [`Expires: ${expires}`, `Event: ${name}`, `subscription-state: active;expires=${expires}`];
  if (!SELF_EVENTS.has(name)) return undefined;
  if (expires === 0) return { headers: active, body: '', contentType: '' };
  switch (name) {
    case 'vnd-microsoft-roaming-contacts':
      return {
        headers: [...active, 'ms-piggyback-cseq: 1'],
        body: '<contactList deltaNum="1" xmlns="http://schemas.microsoft.com/2006/09/sip/roaming-contacts"><group id="1" name="~" externals=""/></contactList>',
        contentType: 'application/vnd-microsoft-roaming-contacts+xml',
      };
    case 'vnd-microsoft-roaming-self':
      return {
        headers: [...active, 'ms-piggyback-cseq: 1'],
        body: '<roamingData xmlns="http://schemas.microsoft.com/2006/09/sip/roaming-self">' +
          `<categories xmlns="http://schemas.microsoft.com/2006/09/sip/categories" uri="${esc(userUri)}"></categories>` +
          '<containers xmlns="http://schemas.microsoft.com/2006/09/sip/container-management"></containers>' +
          '<subscribers xmlns="http://schemas.microsoft.com/2006/09/sip/presence-subscribers"></subscribers></roamingData>',
        contentType: 'application/vnd-microsoft-roaming-self+xml',
      };
    default:
      return { headers: active, body: '', contentType: '' };
  }
}
