/**
 * Drives the real pidgin-sipe client (finch in a detached tmux session, simulator/sipe/*.sh) for
 * the simulator's fidelity test: start it against the pool, read the SIP it logged, stop it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface SipeMessage {
  /** 'sent' = sipe → pool, 'received' = pool → sipe. */
  direction: 'sent' | 'received';
  firstLine: string;
  text: string;
}

export interface SipeStartOptions {
  host: string;
  port: number;
  transport: 'tcp' | 'tls';
  /** alice@contoso.com (no sip: prefix) */
  user: string;
  password: string;
  login?: string;
  /** Server certificate (PEM) sipe should accept for `host` (TLS). */
  tlsPeerCert?: string;
  /** groupchat_user account setting; unset = use the provisioned pool URI. */
  groupchatUser?: string;
  /** A Persistent Chat room (ma-chan://…) finch joins right after sign-in (buddy-list chat with gnt-autojoin). */
  autojoinRoomUri?: string;
  /** sipe's authentication setting (default ntlm); krb5 with `sso` uses the ticket of KRB5CCNAME. */
  auth?: 'ntlm' | 'krb5';
  sso?: boolean;
}

/** What pidgin-sipe needs on this machine; empty when everything is there. */
export function sipeMissing(): string[] {
  const missing: string[] = [];
  for (const tool of ['finch', 'tmux']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) missing.push(tool);
  }
  if (!existsSync('/usr/lib/purple-2/libsipe.so')) missing.push('pidgin-sipe (/usr/lib/purple-2/libsipe.so)');
  return missing;
}

/** simulator/sipe in the source tree (the compiled test runs from out/simulator). */
export function sipeScriptsDir(): string {
  const relative = join('simulator', 'sipe');
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, relative, 'run-sipe.sh'))) return join(dir, relative);
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`Cannot find ${relative}/run-sipe.sh`);
}

let runs = 0;

export class SipeRun {
  private stopped = false;

  private constructor(readonly runDir: string, readonly session: string, private readonly scripts: string) {}

  /** Starts finch + sipe with a private config in a unique run folder and tmux session. */
  static start(options: SipeStartOptions): SipeRun {
    const scripts = sipeScriptsDir();
    const runDir = mkdtempSync(join(tmpdir(), 'sipe-fidelity-'));
    const session = `sipe-fidelity-${process.pid}-${++runs}`;
    const env: NodeJS.ProcessEnv = { ...process.env, SIPE_RUN_DIR: runDir, SIPE_SESSION: session };
    if (options.login) env.SIPE_LOGIN = options.login;
    if (options.tlsPeerCert) env.SIPE_TLS_PEER_CERT = options.tlsPeerCert;
    if (options.groupchatUser) env.SIPE_GROUPCHAT_USER = options.groupchatUser;
    if (options.sso) env.SIPE_SSO = '1';
    if (options.autojoinRoomUri) {
      const account = options.login ? `${options.user},${options.login}` : options.user;
      // run-sipe.sh recreates the run folder, so the file sits beside it (removed by stop())
      const blist = `${runDir}.blist.xml`;
      writeFileSync(blist, autojoinBlist(account, options.autojoinRoomUri));
      env.SIPE_BLIST_XML = blist;
    }
    const run = new SipeRun(runDir, session, scripts);
    const result = spawnSync('bash', [join(scripts, 'run-sipe.sh'), options.host, String(options.port), options.transport, options.user, options.password, options.auth ?? 'ntlm'], {
      env, encoding: 'utf8', timeout: 60_000,
    });
    if (result.status !== 0) {
      run.stop(true);
      throw new Error(`run-sipe.sh failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
    }
    return run;
  }

  /** sipe's full debug log (every SIP message, signature verdicts). */
  debugLog(): string {
    const file = join(this.runDir, 'finch-debug.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** The SIP messages sipe logged, in order (extract-sip.sh's blocks, parsed). */
  messages(): SipeMessage[] {
    const out: SipeMessage[] = [];
    const pattern = /MESSAGE START (>{10}|<{10}) SIP\([^)]*\)[^\n]*\n([\s\S]*?)\nMESSAGE END/g;
    for (const match of this.debugLog().matchAll(pattern)) {
      const text = (match[2] ?? '').replace(/\r/g, '');
      out.push({ direction: match[1]?.startsWith('>') ? 'sent' : 'received', firstLine: text.split('\n')[0] ?? '', text });
    }
    return out;
  }

  /** Stops finch and the tmux session; removes the run folder unless `keep` (kept for debugging failures). */
  stop(keep = false): void {
    if (this.stopped) return;
    this.stopped = true;
    spawnSync('bash', [join(this.scripts, 'stop-sipe.sh')], {
      env: { ...process.env, SIPE_RUN_DIR: this.runDir, SIPE_SESSION: this.session }, stdio: 'ignore', timeout: 30_000,
    });
    rmSync(`${this.runDir}.blist.xml`, { force: true });
    if (!keep) rmSync(this.runDir, { recursive: true, force: true });
  }
}

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** A libpurple buddy list with one sipe chat (component `uri`) that finch joins at sign-on. */
function autojoinBlist(account: string, roomUri: string): string {
  return `<?xml version='1.0' encoding='UTF-8' ?>
<purple version='1.0'><blist><group name='Persistent Chat'>
 <chat proto='prpl-sipe' account='${xmlEscape(account)}'>
  <component name='uri'>${xmlEscape(roomUri)}</component>
  <setting name='gnt-autojoin' type='bool'>1</setting>
 </chat>
</group></blist></purple>
`;
}

/** Polls `check` (bounded) while sipe works; for reaching a state, never for measuring time. */
export async function waitForSipe(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`pidgin-sipe did not get there within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * In a describe block's before-hook: pidgin-sipe must be installed. Without it the block is skipped
 * with a word, except under CI=true, where it fails (nothing is skipped silently there).
 */
export function requireSipe(context: Mocha.Context): void {
  const missing = sipeMissing();
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`pidgin-sipe fidelity test needs ${missing.join(', ')} (CI=true: not skipping). Run scripts/install-system-deps.sh.`);
  console.log(`      (skipped: ${missing.join(', ')} not installed; apt-get install pidgin-sipe finch tmux gcc libxml2-dev)`);
  context.skip();
}

/**
 * The after-hooks of a describe block that runs one pidgin-sipe: after a failed test the run's folder
 * (its finch-debug.log) is kept and named, then `cleanup` runs (the pool's stop). `markFailed` is for a
 * failure in the before-hook, which mocha reports as no test's state.
 */
export function sipeRunCleanup(run: () => SipeRun | undefined, cleanup: () => Promise<void> | void): { markFailed(): void } {
  let failed = false;
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => {
    const sipe = run();
    sipe?.stop(failed);
    if (failed && sipe) console.log(`      pidgin-sipe run kept in ${sipe.runDir}`);
    await cleanup();
  });
  return { markFailed: () => { failed = true; } };
}
