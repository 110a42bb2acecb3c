/** Bounds on what reaches the native Kerberos code (GSSAPI or SSPI). */

/** RFC 4121 / RFC 4757 tokens are small (an AP-REQ with a PAC a few KB); anything beyond this is refused before native code sees it. */
export const MAX_TOKEN_BYTES = 64 * 1024;
/** What MS-SIPAE signs is a signature buffer: a few hundred bytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
