/** [MS-NLMP] 2.2.2.5 NEGOTIATE flags used by connection-less NTLM. */
export const NtlmFlag = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  DATAGRAM: 0x00000040,
  LM_KEY: 0x00000080,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  IDENTIFY: 0x00100000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** Flags sipe asks for in connection-less mode; the AUTHENTICATE carries (challenge ∩ these) | REQUEST_TARGET. */
export const CONNECTIONLESS_WANTED_FLAGS = (
  NtlmFlag.UNICODE | NtlmFlag.NTLM | NtlmFlag.ALWAYS_SIGN | NtlmFlag.EXTENDED_SESSIONSECURITY |
  NtlmFlag.TARGET_INFO | NtlmFlag.VERSION | NtlmFlag.NEGOTIATE_128 | NtlmFlag.KEY_EXCH | NtlmFlag.NEGOTIATE_56 |
  NtlmFlag.REQUEST_TARGET | NtlmFlag.SIGN | NtlmFlag.DATAGRAM | NtlmFlag.IDENTIFY
) >>> 0;

/** A challenge lacking any of these cannot give a connection-less signing session (sipe refuses it). */
export const CONNECTIONLESS_REQUIRED_FLAGS: ReadonlyArray<[string, number]> = [
  ['UNICODE', NtlmFlag.UNICODE],
  ['NTLM', NtlmFlag.NTLM],
  ['ALWAYS_SIGN', NtlmFlag.ALWAYS_SIGN],
  ['EXTENDED_SESSIONSECURITY', NtlmFlag.EXTENDED_SESSIONSECURITY],
  ['TARGET_INFO', NtlmFlag.TARGET_INFO],
  ['SIGN', NtlmFlag.SIGN],
  ['DATAGRAM', NtlmFlag.DATAGRAM],
  ['IDENTIFY', NtlmFlag.IDENTIFY],
  ['KEY_EXCH', NtlmFlag.KEY_EXCH],
];

export function hasFlag(flags: number, flag: number): boolean {
  return ((flags & flag) >>> 0) === flag >>> 0;
}
