/**
 * The Lync Autodiscover documents ([MS-OCDISCWS]; docs/protocol/registration.md#discovery): the
 * root resource (`<AutodiscoverResponse><Root><Link token="User|Redirect" href="…"/>…`) and the
 * User resource (`<AutodiscoverResponse AccessLocation="Internal|External"><User>
 * <SipClientInternalAccess fqdn="…" port="…"/><SipClientExternalAccess …/>…`). Every document is
 * hostile: bounded XML, only https links to plain host names, only plain host names and ports.
 */
import { LyncError } from '../../common/errors';
import { parseXml, XmlElement } from '../../common/xml';

/** Autodiscover documents are a few hundred bytes; a little nesting, a few dozen links. */
const XML_LIMITS = { maxBytes: 32 * 1024, maxDepth: 8, maxElements: 200 };
const MAX_URL_LENGTH = 2048;
/**
 * A DNS host name (or an IPv4 address): dot-separated labels of letters, digits and inner hyphens (and
 * underscores, which some internal names carry), at most 253 characters, an optional final dot.
 */
export const SANE_HOST_NAME = /^(?=.{1,253}\.?$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/;

export interface SipAccess { fqdn: string; port: number }

export interface AutodiscoverDocument {
  /** Where the server says the client is; absent when it does not say. */
  accessLocation?: 'Internal' | 'External';
  /** `Link token="Redirect"`: start again there. */
  redirect?: URL;
  /** `Link token="User"`: the User resource. */
  user?: URL;
  internal?: SipAccess;
  external?: SipAccess;
}

/** Parses a root or User document; ProtocolError when it is not an Autodiscover document. */
export function parseAutodiscoverDocument(text: string): AutodiscoverDocument {
  const root = parseXml(text, XML_LIMITS);
  if (root.name !== 'AutodiscoverResponse') throw new LyncError('ProtocolError', `Not an Autodiscover document (root element ${JSON.stringify(root.name.slice(0, 40))}).`);
  const location = root.attrs.AccessLocation;
  const document: AutodiscoverDocument = {
    accessLocation: location === 'Internal' || location === 'External' ? location : undefined,
  };
  for (const section of root.children.filter((c) => c.name === 'Root' || c.name === 'User')) {
    for (const link of section.children.filter((c) => c.name === 'Link')) {
      const token = (link.attrs.token ?? '').toLowerCase();
      if (token !== 'redirect' && token !== 'user') continue;
      const url = safeHttpsUrl(link.attrs.href);
      if (url) document[token] ??= url;
    }
    document.internal ??= sipAccess(section, 'SipClientInternalAccess');
    document.external ??= sipAccess(section, 'SipClientExternalAccess');
  }
  return document;
}

function sipAccess(section: XmlElement, name: string): SipAccess | undefined {
  const element = section.children.find((c) => c.name === name);
  if (!element) return undefined;
  const fqdn = element.attrs.fqdn ?? '';
  const port = Number(element.attrs.port ?? '');
  if (!SANE_HOST_NAME.test(fqdn) || !Number.isInteger(port) || port <= 0 || port >= 65536) return undefined;
  return { fqdn: fqdn.replace(/\.$/, ''), port };
}

/** The href as an https URL to a plain host name (no credentials in it), or undefined. */
export function safeHttpsUrl(href: string | undefined): URL | undefined {
  if (!href || href.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !SANE_HOST_NAME.test(url.hostname)) return undefined;
  return url;
}
