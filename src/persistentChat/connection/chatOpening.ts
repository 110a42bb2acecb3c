import { delay } from '../../common/abort';
import { LyncError } from '../../common/errors';
import type { LocalEndpointBase } from '../../endpoint/localEndpoint';
import { chooseChatUri, ProvisioningData } from '../../endpoint/provisioning';
import { recoveryFor, retryDelayMs } from '../recoveryPolicy';
import { chooseRoomManagementUrl } from './roomManagement';
import type { ChatSession } from './chatSession';
import type { ConnectionContext } from './context';

/** What opening a chat session needs from its ConnectAttempt. */
export interface ChatOpening {
  readonly ctx: ConnectionContext;
  readonly endpoint: LocalEndpointBase;
  readonly signal: AbortSignal;
  /** True while the endpoint is signed in over an open connection. */
  signedIn(): boolean;
  /** A new session replacing the attempt's current one (which is closed first). */
  newSession(lookupUri: string, knownChatServerUri: string | undefined): Promise<ChatSession>;
}

/**
 * The chat session of a connect. A failure that only ended the chat session (BYE, 481, a chat
 * timeout) while the endpoint stays signed in is opened again once, after the server's
 * Retry-After if it sent one (503 to the chat INVITE); anything else goes to the caller's policy.
 */
export async function openChatOnConnect(o: ChatOpening): Promise<ChatSession> {
  try {
    return await openChat(o);
  } catch (error) {
    const reason = LyncError.from(error);
    if (o.signal.aborted || recoveryFor(reason, { signedIn: o.signedIn() }) !== 'restartChat') throw reason;
    const waitMs = retryDelayMs(0, reason);
    o.ctx.logger.warn(`chat session failed while connecting (${reason.message}); opening it again${waitMs ? ` in ${Math.round(waitMs / 1000)} s (Retry-After)` : ''}`);
    if (waitMs > 0) await delay(waitMs, o.signal);
    return openChat(o);
  }
}

/**
 * Opens a chat session: straight to the remembered chat server and lookup service, with
 * provisioning read alongside (one round trip less on every reconnect), else from the lookup
 * service provisioning names. When the remembered chat server and lookup service both refuse and
 * provisioning now names another lookup service (the pool was moved), once more from there.
 */
export async function openChat(o: ChatOpening): Promise<ChatSession> {
  const { memory, options } = o.ctx;
  const remoteUser = o.endpoint.registration?.remoteUser ?? false;
  if (remoteUser) o.ctx.logger.info('signed in from outside the network (the registrar said RemoteUser): using the external web addresses provisioning names');
  const provisioning = readProvisioning(o);
  provisioning.catch(() => undefined);
  const remembered = memory.lookupUri;
  const lookupUri = remembered ?? chooseChatUri(await provisioning, o.endpoint.domain, options.chatUri);
  let session: ChatSession;
  try {
    session = await establishSession(o, lookupUri, memory.chatServerUri);
  } catch (error) {
    const provisioned = remembered === undefined || o.signal.aborted ? undefined : await movedLookupUri(o, remembered, provisioning, error);
    if (provisioned === undefined) throw error;
    o.ctx.logger.info(`the lookup service of the last session (${remembered}) refused: ${LyncError.from(error).message}; provisioning now names ${provisioned}`);
    memory.forget();
    session = await establishSession(o, provisioned, undefined);
  }
  memory.remember(chooseChatUri(await provisioning, o.endpoint.domain, options.chatUri), session.chat.chatServerUri);
  memory.roomManagementUrl = chooseRoomManagementUrl(await provisioning, remoteUser);
  return session;
}

async function establishSession(o: ChatOpening, lookupUri: string, knownChatServerUri: string | undefined): Promise<ChatSession> {
  const session = await o.newSession(lookupUri, knownChatServerUri);
  await session.chat.establish(o.signal);
  return session;
}

/**
 * The lookup URI provisioning names now, when it is not the remembered one that just failed the
 * chat connect (refused, not lost: a lost connection is the caller's to recover); else undefined.
 */
async function movedLookupUri(o: ChatOpening, remembered: string, provisioning: Promise<ProvisioningData | undefined>, error: unknown): Promise<string | undefined> {
  const code = LyncError.from(error).code;
  if (code === 'Aborted' || code === 'ConnectionLost') return undefined;
  let provisioned: string;
  try {
    provisioned = chooseChatUri(await provisioning, o.endpoint.domain, o.ctx.options.chatUri);
  } catch {
    return undefined;
  }
  return provisioned.toLowerCase() === remembered.toLowerCase() ? undefined : provisioned;
}

/** The provisioning document, unless a chat URI is configured or the registrar offers none (Lync 2010). */
async function readProvisioning(o: ChatOpening): Promise<ProvisioningData | undefined> {
  if (o.ctx.options.chatUri) return undefined;
  const info = o.endpoint.registration;
  if (info && !info.allowEvents.some((e) => e.toLowerCase() === 'vnd-microsoft-provisioning-v2')) {
    o.ctx.logger.info('the registrar offers no provisioning-v2 (Lync 2010 or older): using sip:ocschat@<domain>');
    return undefined;
  }
  try {
    return await o.endpoint.getProvisioningData(o.signal);
  } catch (error) {
    const e = LyncError.from(error);
    if (e.code === 'Aborted' || e.code === 'ConnectionLost') throw e;
    o.ctx.logger.warn(`provisioning failed (${e.message}); falling back to sip:ocschat@<domain>`);
    return undefined;
  }
}
