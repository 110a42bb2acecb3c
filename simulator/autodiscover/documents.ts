/**
 * The XML the simulated Autodiscover and Web Ticket services answer with, in the shapes a Lync
 * Server 2013 front end uses ([MS-OCDISCWS]; the element names pidgin-sipe reads): the root
 * resource's links, the User resource's SIP access, the Web Ticket service's metadata (WSDL) and
 * its WS-Trust answer carrying a SAML 1.1 assertion.
 */
import { escapeAttr } from '../../src/common/xml';

export const AUTODISCOVER_CONTENT_TYPE = 'application/vnd.microsoft.rtc.autodiscover+xml; charset=utf-8';
export const AUTODISCOVER_SVC = '/Autodiscover/AutodiscoverService.svc/root';
export const WEBTICKET_SVC = '/WebTicket/WebTicketService.svc';
export const WEBTICKET_AUTH = `${WEBTICKET_SVC}/Auth`;

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

export interface Link { token: string; href: string }
export interface Access { fqdn: string; port: number }

/** The anonymous root resource: `Root/Link` elements (Domain, User, Self, OAuth, XFrame… or a Redirect). */
export function rootDocument(links: readonly Link[]): string {
  const items = links.map((l) => `<Link token="${escapeAttr(l.token)}" href="${escapeAttr(l.href)}"/>`).join('');
  return `${HEAD}<AutodiscoverResponse ${XSI}><Root>${items}</Root></AutodiscoverResponse>`;
}

/** The User resource, once the web ticket is accepted: the SIP servers for each access location. */
export function userDocument(p: { accessLocation: 'Internal' | 'External'; internal: Access; external: Access; links: readonly Link[] }): string {
  const access = (name: string, a: Access) => `<${name} fqdn="${escapeAttr(a.fqdn)}" port="${a.port}"/>`;
  const items = p.links.map((l) => `<Link token="${escapeAttr(l.token)}" href="${escapeAttr(l.href)}"/>`).join('');
  return `${HEAD}<AutodiscoverResponse ${XSI} AccessLocation="${p.accessLocation}"><User>` +
    access('SipServerInternalAccess', p.internal) + access('SipClientInternalAccess', p.internal) +
    access('SipServerExternalAccess', p.external) + access('SipClientExternalAccess', p.external) +
    `${items}</User></AutodiscoverResponse>`;
}

/** WS-MetadataExchange answer: the service's ports, the Windows-authenticated one first. */
export function webTicketMetadata(base: string): string {
  return `${HEAD}<wsdl:definitions name="WebTicketService" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"` +
    ' xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" targetNamespace="http://tempuri.org/">' +
    '<wsdl:service name="WebTicketService">' +
    `<wsdl:port name="WebTicketServiceWinNegotiate" binding="tns:WebTicketServiceWinNegotiate"><soap:address location="${escapeAttr(base + WEBTICKET_AUTH)}"/></wsdl:port>` +
    `<wsdl:port name="WsFedBearer" binding="tns:WsFedBearer"><soap:address location="${escapeAttr(`${base}${WEBTICKET_SVC}/WsFed`)}"/></wsdl:port>` +
    '</wsdl:service></wsdl:definitions>';
}

/** The SAML 1.1 assertion the service issues: opaque to the client, checked by AssertionID here. */
export function samlAssertion(p: { id: string; issuer: string; user: string; notBefore: Date; notOnOrAfter: Date }): string {
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="${p.id}"` +
    ` Issuer="${escapeAttr(p.issuer)}" IssueInstant="${p.notBefore.toISOString()}">` +
    `<saml:Conditions NotBefore="${p.notBefore.toISOString()}" NotOnOrAfter="${p.notOnOrAfter.toISOString()}"/>` +
    '<saml:AuthenticationStatement AuthenticationMethod="urn:federation:authentication:windows">' +
    `<saml:Subject><saml:NameIdentifier Format="http://schemas.xmlsoap.org/claims/UPN">${escapeAttr(p.user)}</saml:NameIdentifier></saml:Subject>` +
    '</saml:AuthenticationStatement></saml:Assertion>';
}

/** The WS-Trust RequestSecurityTokenResponse carrying `assertion`. */
export function tokenResponse(assertion: string, appliesTo: string, expires: Date): string {
  return `${HEAD}<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
    '<RequestSecurityTokenResponse xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512">' +
    '<TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</TokenType>' +
    `<RequestedSecurityToken>${assertion}</RequestedSecurityToken>` +
    `<AppliesTo xmlns="http://schemas.xmlsoap.org/ws/2004/09/policy"><EndpointReference xmlns="http://www.w3.org/2005/08/addressing"><Address>${escapeAttr(appliesTo)}</Address></EndpointReference></AppliesTo>` +
    `<Lifetime><Created xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${new Date().toISOString()}</Created>` +
    `<Expires xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${expires.toISOString()}</Expires></Lifetime>` +
    '</RequestSecurityTokenResponse></s:Body></s:Envelope>';
}

/** A SOAP 1.1 fault (the service refusing a request it cannot read). */
export function soapFault(reason: string): string {
  return `${HEAD}<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>` +
    `<faultcode>s:Client</faultcode><faultstring>${escapeAttr(reason)}</faultstring></s:Fault></s:Body></s:Envelope>`;
}
