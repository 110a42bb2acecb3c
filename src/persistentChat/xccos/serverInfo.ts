import { parseXccosTime } from './time';
import type { ServerInfo } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, findAll, parseCount } from './xmlQuery';

/** `rpl:requri` data: the chat server's SIP URI (`uib/@uri`), if any. */
export function decodeRequri(data: XmlElement | undefined): string | undefined {
  for (const uib of findAll(data, 'uib')) {
    const uri = attr(uib, 'uri');
    if (uri) return uri.trim();
  }
  return undefined;
}

/** `rpl:getserverinfo` (also spelt `rpl:getservinfo`) data: the `sib` record; unreadable fields are left out. */
export function decodeServerInfo(data: XmlElement | undefined): ServerInfo {
  const sib = findAll(data, 'sib')[0];
  const info: ServerInfo = {};
  if (!sib) return info;
  const serverTime = parseXccosTime(attr(sib, 'serverTime'));
  if (serverTime) info.serverTime = serverTime;
  const searchLimit = parseCount(attr(sib, 'searchLimit'));
  if (searchLimit !== undefined) info.searchLimit = searchLimit;
  const messageSizeLimit = parseCount(attr(sib, 'messageSizeLimit'));
  if (messageSizeLimit !== undefined) info.messageSizeLimit = messageSizeLimit;
  const storySizeLimit = parseCount(attr(sib, 'storySizeLimit'));
  if (storySizeLimit !== undefined) info.storySizeLimit = storySizeLimit;
  const rootUri = attr(sib, 'rootUri');
  if (rootUri !== undefined) info.rootUri = rootUri;
  const dbVersion = attr(sib, 'dbVersion');
  if (dbVersion !== undefined) info.dbVersion = dbVersion;
  return info;
}
