import { LyncError } from '../common/errors';
import { ConnectionSummary, connectionSections, ReportSection } from '../common/diagnostics';
import { Logger } from '../common/logger';
import { ChatConnection, ChatConnectionOptions } from '../persistentChat/chatConnection';
import { CliOptions, UsageError } from './args';
import { DemoPool, startDemo } from './demo';
import { writeDiagnostics } from './diagnosticsFile';
import { endpointFactory } from './endpointFactory';
import { rememberedPoolFile } from './poolMemoryFile';
import { CliLog, openCliLog } from './logging';
import { CliOutput } from './output';

/**
 * One run of lync-pchat, the plain command and every room subcommand alike: its log (escaped on
 * stderr, event-listener errors reported), --demo's simulated pool, the password or PFX read once,
 * the ChatConnection; close() signs out, stops the demo pool and writes the --diagnostics report.
 */
export class CliSession {
  private demo?: DemoPool;
  private chat?: ChatConnection;
  private readonly opened = new Date();

  private constructor(private current: CliOptions, private readonly log: CliLog, private readonly diag: CliOutput) {}

  /** Opens the log and, with --demo, starts the simulated pool (the options then point at it). */
  static async open(options: CliOptions, diag: CliOutput): Promise<CliSession> {
    const session = new CliSession(options, openCliLog(options), diag);
    try {
      if (options.demo) await session.startDemo();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** The options, with --demo's pool filled in. */
  get options(): CliOptions {
    return this.current;
  }

  get logger(): Logger {
    return this.log.logger;
  }

  /** Reads the password (or the PFX and its passphrase) and makes the connection; connecting is the caller's. */
  async connection(extra: Pick<ChatConnectionOptions, 'noChat' | 'followedRooms'> = {}): Promise<ChatConnection> {
    if (this.chat) throw new Error('CliSession: one connection per session');
    const poolMemory = rememberedPoolFile(this.current);
    const createEndpoint = await endpointFactory(this.current, this.logger, poolMemory).catch((error: unknown) => { throw LyncError.from(error, 'InvalidSettings'); });
    const { uri, application, chatUri } = this.current;
    this.chat = new ChatConnection({ userUri: uri!, endpointKind: application ? 'application' : 'user', createEndpoint, chatUri, logger: this.logger, poolMemory, ...extra });
    return this.chat;
  }

  /**
   * Signs out, stops the demo pool, writes --diagnostics; once. `failure` is the error that ended
   * the command: the report's Last error (else the connection's own last error).
   */
  async close(failure?: unknown): Promise<void> {
    const chat = this.chat;
    const demo = this.demo;
    this.chat = undefined;
    this.demo = undefined;
    // as the command ended, before the sign-out: the report says where it stood
    const sections = this.reportSections(chat, failure);
    try {
      await chat?.disconnect();
      chat?.dispose();
    } finally {
      await demo?.stop();
      const { recorder } = this.log;
      if (recorder && this.current.diagnostics) writeDiagnostics(this.current.diagnostics, recorder, this.current, this.diag, sections);
      this.log.dispose();
    }
  }

  /** The report's Connection and Last error: the command's error as it is printed (not Ctrl-C or a usage error), else the connection's. */
  private reportSections(chat: ChatConnection | undefined, failure: unknown): ReportSection[] {
    const status: ConnectionSummary = chat?.status ?? { phase: 'Disconnected (no connection was made)', since: this.opened };
    const error = failure === undefined || failure instanceof UsageError ? undefined : LyncError.from(failure);
    return connectionSections(status, error && error.code !== 'Aborted' ? error : status.lastError);
  }

  private async startDemo(): Promise<void> {
    this.demo = await startDemo(this.current.verbose);
    this.current = { ...this.current, ...this.demo.options };
    process.env.LYNC_PASSWORD = this.demo.password;
    const { uri, server } = this.current;
    this.diag.event('demo', { uri, server }, `demo: simulated Lync pool at ${server}; signing in as ${uri}`);
  }
}
