import { randomBytes } from 'node:crypto';
import { withTimeout } from '../common/abort';
import { LyncError } from '../common/errors';
import { parseXml, XmlElement } from '../common/xml';
import type { IncomingNotification, SipRequest, SipStack } from '../sip/sipStack';
import { errorFromResponse } from './sipErrors';
import { chooseWebUrl, type AccessLocation, type WebUrlPair } from './webUrls';

// Kept where they always were for their importers; they live apart so that code choosing an address loads no XML parser.
export { accessLocation, chooseWebUrl } from './webUrls';
export type { AccessLocation, WebUrlPair } from './webUrls';

export interface PersistentChatConfiguration {
  enabled: boolean;
  /** DefaultPersistentChatPoolUri (UCMA: DefaultPersistentChatUri). */
  defaultPersistentChatUri?: string;
  poolUris: string[];
  webManagerUrl?: WebUrlPair;
}

/** The web services of the pool, each with its internal and external address (docs/protocol/provisioning.md). */
export interface WebServiceUrls {
  /** ServerConfiguration absInternalServerUrl / absExternalServerUrl: the address book service. */
  addressBook?: WebUrlPair;
  /** ServerConfiguration dlxInternalUrl / dlxExternalUrl: distribution list expansion. */
  groupExpansion?: WebUrlPair;
  /** persistentChatConfiguration PersistentChatWebManagerUriInt / …Ext: the room management page. */
  roomManagement?: WebUrlPair;
}

export interface ProvisioningData {
  /** Absent on Lync 2010 / OCS (no persistentChatConfiguration group). */
  persistentChatConfiguration?: PersistentChatConfiguration;
  /** Internal and external addresses of the web services provisioning names (empty when it names none). */
  webServices: WebServiceUrls;
  /** Every provisioned group as name → child element name → text (for diagnostics). */
  groups: Record<string, Record<string, string>>;
}

const EVENT = 'vnd-microsoft-provisioning-v2';
const CONTENT_TYPE = 'application/vnd-microsoft-roaming-provisioning-v2+xml';
const REQUEST_BODY = '<provisioningGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist">'
  + ' <provisioningGroup name="ServerConfiguration"/> <provisioningGroup name="meetingPolicy"/>'
  + ' <provisioningGroup name="persistentChatConfiguration"/> <provisioningGroup name="ucPolicy"/></provisioningGroupList>';

/**
 * In-band provisioning ([MS-SIPREGE]): a one-shot SUBSCRIBE (Expires: 0) whose data comes
 * piggy-backed in the 200 OK, or, from servers that do not piggy-back, in a NOTIFY/BENOTIFY.
 */
export async function getProvisioningData(stack: SipStack, ownerUri: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ProvisioningData> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const callId = randomBytes(16).toString('hex');
  const request: SipRequest = {
    method: 'SUBSCRIBE',
    uri: ownerUri,
    callId,
    headers: [
      `Event: ${EVENT}`,
      `Accept: ${CONTENT_TYPE}`,
      'Supported: com.microsoft.autoextend',
      'Supported: ms-benotify',
      'Proxy-Require: ms-benotify',
      'Supported: ms-piggyback-first-notify',
      'Expires: 0',
      `Contact: ${stack.contact}`,
    ],
    body: { contentType: CONTENT_TYPE, content: REQUEST_BODY },
  };
  // A NOTIFY may overtake or replace the piggy-backed body: listen before sending.
  let notified: ((n: IncomingNotification) => void) | undefined;
  const notification = new Promise<IncomingNotification>((resolve) => { notified = resolve; });
  const subscription = stack.onNotification((n) => {
    if (n.event.toLowerCase() === EVENT && n.raw.header('call-id') === callId) notified?.(n);
  });
  try {
    const response = await stack.send(request, { signal: options.signal, timeoutMs });
    const status = response.statusCode;
    if (status < 200 || status >= 300) throw errorFromResponse(response, 'Provisioning');
    const body = response.raw.body.toString('utf8');
    if (body.trim()) return parseProvisioningBody(body);
    const n = await withTimeout(notification, { timeoutMs: Math.min(timeoutMs, 10_000), signal: options.signal, what: 'Provisioning' }).catch((error: unknown) => {
      if (LyncError.is(error, 'Timeout')) throw new LyncError('ProtocolError', 'The server accepted the provisioning subscription but sent no provisioning data.');
      throw error;
    });
    return parseProvisioningBody(n.raw.body.toString('utf8'));
  } finally {
    subscription.dispose();
  }
}

export function parseProvisioningBody(xml: string): ProvisioningData {
  const root = parseXml(xml, { maxBytes: 512 * 1024 });
  if (root.name !== 'provisionGroupList') throw new LyncError('ProtocolError', `Unexpected provisioning document <${root.name}>.`);
  const groups: Record<string, Record<string, string>> = {};
  let chat: PersistentChatConfiguration | undefined;
  for (const group of root.children.filter((c) => c.name === 'provisionGroup')) {
    const name = group.attrs.name ?? '';
    const values: Record<string, string> = {};
    for (const child of group.children) {
      if (child.name === 'propertyEntryList') {
        for (const p of child.children.filter((c) => c.name === 'property')) values[p.attrs.name ?? ''] = p.text.trim();
      } else {
        values[child.name] = child.text.trim();
      }
    }
    groups[name] = values;
    if (name === 'persistentChatConfiguration') chat = chatConfiguration(values);
  }
  const server = groups.ServerConfiguration ?? {};
  const webServices: WebServiceUrls = {
    addressBook: urlPair(server.absInternalServerUrl, server.absExternalServerUrl),
    groupExpansion: urlPair(server.dlxInternalUrl, server.dlxExternalUrl),
    roomManagement: chat?.webManagerUrl,
  };
  return { persistentChatConfiguration: chat, webServices, groups };
}

/** Longest web address kept from provisioning (a network value; real ones are short). */
const MAX_WEB_URL_LENGTH = 2048;

function urlPair(internal: string | undefined, external: string | undefined): WebUrlPair | undefined {
  const keep = (v: string | undefined) => (v && v.length <= MAX_WEB_URL_LENGTH ? v : undefined);
  const pair = { internal: keep(internal), external: keep(external) };
  return pair.internal || pair.external ? pair : undefined;
}


/** Every provisioned web service's address for this access location. */
export function webServiceUrlsFor(provisioning: ProvisioningData | undefined, location: AccessLocation): Partial<Record<keyof WebServiceUrls, string>> {
  const services = provisioning?.webServices ?? {};
  const chosen: Partial<Record<keyof WebServiceUrls, string>> = {};
  for (const key of Object.keys(services) as (keyof WebServiceUrls)[]) {
    const url = chooseWebUrl(services[key], location);
    if (url !== undefined) chosen[key] = url;
  }
  return chosen;
}

function chatConfiguration(v: Record<string, string>): PersistentChatConfiguration {
  const enabled = v.EnablePersistentChat?.toLowerCase() === 'true';
  return {
    enabled,
    defaultPersistentChatUri: normaliseSipUri(v.DefaultPersistentChatPoolUri),
    poolUris: (v.PersistentChatPoolUris ?? '').split(/[\s,;]+/).map(normaliseSipUri).filter((u): u is string => !!u),
    webManagerUrl: urlPair(v.PersistentChatWebManagerUriInt, v.PersistentChatWebManagerUriExt),
  };
}

function normaliseSipUri(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^sips?:/i.test(v) ? v : `sip:${v}`;
}

/**
 * The chat lookup URI, as UCMA and pidgin-sipe choose it: a user override, else the provisioned
 * default pool (Lync 2013+, only when EnablePersistentChat is true), else `sip:ocschat@<domain>`
 * (Lync 2010 Group Chat). Throws PersistentChatDisabled when provisioning says it is off.
 */
export function chooseChatUri(provisioning: ProvisioningData | undefined, domain: string, override?: string): string {
  if (override?.trim()) return normaliseSipUri(override)!;
  const chat = provisioning?.persistentChatConfiguration;
  if (chat && !chat.enabled) {
    throw new LyncError('PersistentChatDisabled', 'Persistent Chat is not enabled for this account (EnablePersistentChat is false).', { retriable: false });
  }
  return chat?.defaultPersistentChatUri ?? `sip:ocschat@${domain}`;
}

export type { XmlElement };
