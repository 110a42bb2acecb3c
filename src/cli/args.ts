import { parseArgs } from 'node:util';
import { DEFAULT_CONNECT_TIMEOUT_S } from '../persistentChat/recoveryPolicy';
import { ROOM_COMMANDS } from './roomCommandNames';

export interface CliOptions {
  uri?: string;
  server?: string;
  transport: 'tls' | 'tcp';
  username?: string;
  /** --auth: Kerberos single sign-on, NTLM, or Kerberos when a ticket exists (default). */
  auth: 'auto' | 'kerberos' | 'ntlm';
  ca?: string;
  application: boolean;
  cert?: string;
  key?: string;
  pfx?: string;
  gruu?: string;
  proxy?: string;
  noChat: boolean;
  chatUri?: string;
  demo: boolean;
  json: boolean;
  verbose: boolean;
  /** Write a redacted diagnostics report here on exit. */
  diagnostics?: string;
  /** Exit on the first failure instead of retrying (scripts). */
  once: boolean;
  /** How long a one-shot command keeps retrying the connect, in seconds. */
  timeoutSec: number;
  /** -h/--help; `lync-pchat help [COMMAND]` is the positional `help`. */
  help: boolean;
  version: boolean;
  /** Subcommand and its arguments (rooms, history, post, tail, follow, unfollow, following). */
  positionals: string[];
  /** history --count N, tail --history N */
  count?: string;
  history?: string;
  /** tail --match REGEX */
  match?: string;
}

export const USAGE = `Usage: lync-pchat --uri sip:alice@contoso.com [--server host[:port]] [--transport tls|tcp]
                  [--username 'CONTOSO\\alice'] [--auth auto|kerberos|ntlm] [--ca file]
                  [--application (--cert file --key file | --pfx file) --gruu URI --proxy host:port]
                  [--no-chat] [--chat-uri URI] [--json] [--verbose] [--once] [--timeout SECONDS]
                  [--diagnostics FILE]
       lync-pchat --demo [--json] [--verbose]
       lync-pchat ${ROOM_COMMANDS.join('|')} ARGUMENTS... [the options above]
       lync-pchat help [COMMAND]

Signs in to a Lync Server 2013 / Skype for Business pool and its Persistent Chat server, prints every
state change, invitation and error, and stays connected until Ctrl-C (then signs out cleanly).
The password comes from LYNC_PASSWORD or an interactive prompt, never from a flag
(a PFX passphrase from LYNC_PFX_PASSPHRASE); with Kerberos single sign-on none is needed.

  --uri          your SIP address
  --server       pool, Director or Edge, host[:port]; omitted = discovery (Autodiscover, SRV, then sipinternal./sipexternal./sip.)
  --transport    tls (default, port 5061) or tcp (port 5060)
  --username     CONTOSO\\alice or alice@contoso.com (default: the URI's user@domain)
  --auth         kerberos: single sign-on with your Kerberos ticket (klist shows it), no password;
                 ntlm: the password; auto (default): Kerberos when the pool offers it and you hold
                 a ticket, else NTLM
  --ca           PEM file with extra trusted CA certificates (verification is never turned off)
  --application  sign in as a trusted application over mutual TLS (no password); needs a client
                 certificate (--cert and --key, or --pfx), --gruu and --proxy
  --cert         the application's client certificate, PEM file (with --key)
  --key          the PEM private key of --cert
  --pfx          the client certificate and key as one PKCS#12 file (.pfx/.p12) instead of
                 --cert/--key; its passphrase comes from LYNC_PFX_PASSPHRASE or a prompt
  --gruu         the application's GRUU, as New-CsTrustedApplication printed it
  --proxy        the pool to connect to as an application, host:port (e.g. pool0.contoso.com:5061)
  --no-chat      stop after signing in (no provisioning, no Persistent Chat)
  --chat-uri     Persistent Chat lookup URI instead of the provisioned one
  --demo         start the embedded simulated Lync pool and sign in to it as its demo user
  --json         one JSON object per line: {"type":"state"|"invitation"|"error"|…}
  --verbose      SIP traces (credentials redacted) on stderr
  --count        history ROOM: how many messages (default 25, at most 2000)
  --history      tail ROOM: how many history messages to print before the live ones (default 10)
  --match        tail ROOM: only the messages whose text matches this JavaScript regular expression
  --once         exit with the error on the first failure (default: transient failures — resets,
                 timeouts, 503, a server BYE — are retried with backoff until Ctrl-C; a wrong
                 password, an untrusted certificate or a disabled account always exit)
  --diagnostics  on exit, write a redacted report for a bug report to FILE: versions, settings
                 (no secrets), the connection and last error, protocol items not understood, the
                 last 200 SIP/XCCOS messages
  --timeout      how long a one-shot command keeps retrying the connect before it exits 1 with
                 the last error, in seconds (default ${DEFAULT_CONNECT_TIMEOUT_S})
  -h, --help     this text (after a subcommand: that subcommand's usage)
  --version      the version of lync-pchat

Environment:
  LYNC_PASSWORD        the password (otherwise asked for on the terminal)
  LYNC_PFX_PASSPHRASE  the passphrase of the --pfx file (otherwise asked for on the terminal)

Files:
  $XDG_CONFIG_HOME/lync-pchat/pool-memory.json (default ~/.config/lync-pchat/, mode 0600): where
                       the last run signed in and its chat server, per account and --server; the
                       next start goes there directly (delete the file to forget them)

Exit status:
  0  signed out cleanly (after Ctrl-C), or --help / --version
  1  sign-in or connection failed (the error is printed; with --json as {"type":"error",…})
  2  usage error: an unknown or missing option
`;

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        uri: { type: 'string' },
        server: { type: 'string' },
        transport: { type: 'string', default: 'tls' },
        username: { type: 'string' },
        auth: { type: 'string', default: 'auto' },
        ca: { type: 'string' },
        application: { type: 'boolean', default: false },
        cert: { type: 'string' },
        key: { type: 'string' },
        pfx: { type: 'string' },
        gruu: { type: 'string' },
        proxy: { type: 'string' },
        'no-chat': { type: 'boolean', default: false },
        'chat-uri': { type: 'string' },
        count: { type: 'string' },
        history: { type: 'string' },
        match: { type: 'string' },
        demo: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        diagnostics: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        password: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.password !== undefined) throw new UsageError('--password is not accepted: set LYNC_PASSWORD or type it at the prompt.');
  if (v.transport !== 'tls' && v.transport !== 'tcp') throw new UsageError(`--transport must be tls or tcp, not "${v.transport}".`);
  if (v.auth !== 'auto' && v.auth !== 'kerberos' && v.auth !== 'ntlm') throw new UsageError(`--auth must be auto, kerberos or ntlm, not "${v.auth}".`);
  const options: CliOptions = {
    uri: v.uri, server: v.server, transport: v.transport, username: v.username, auth: v.auth, ca: v.ca,
    application: v.application, cert: v.cert, key: v.key, pfx: v.pfx, gruu: v.gruu, proxy: v.proxy,
    noChat: v['no-chat'], chatUri: v['chat-uri'], demo: v.demo, json: v.json, verbose: v.verbose,
    once: v.once, diagnostics: v.diagnostics, timeoutSec: parseTimeout(v.timeout),
    help: v.help, version: v.version,
    positionals: parsed.positionals, count: v.count, history: v.history, match: v.match,
  };
  if (options.help || options.version || options.demo || options.positionals[0] === 'help') return options;
  if (!options.uri) throw new UsageError('--uri is required (e.g. --uri sip:alice@contoso.com).');
  if (options.application) {
    if (!options.gruu || !options.proxy) throw new UsageError('--application needs --gruu and --proxy.');
    if (!options.pfx && !(options.cert && options.key)) throw new UsageError('--application needs --cert and --key, or --pfx.');
  }
  return options;
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONNECT_TIMEOUT_S;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(`--timeout must be a number of seconds between 1 and 86400, not "${value}".`);
  }
  return seconds;
}
