import * as vscode from 'vscode';
import { escapeMarkdown } from './markdown';
import { Commands, StatusBarId } from './ids';
import { ServiceStatus } from './lyncService';
import { RoomCommands } from './rooms/roomIds';

/** Unread mentions in followed, unmuted rooms: how many, and in which rooms. */
export interface MentionSummary {
  count: number;
  rooms: readonly string[];
}

/**
 * The single status bar item: state, unread mentions, a markdown tooltip, and a click action that
 * fits the state (with unread mentions: open the room they are in).
 */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private countdown: NodeJS.Timeout | undefined;
  private status: ServiceStatus;
  private mentions: MentionSummary = { count: 0, rooms: [] };

  constructor(status: ServiceStatus, private invitationCount = 0) {
    this.status = status;
    this.item = vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Lync Persistent Chat');
    this.update(status);
    this.item.show();
  }

  /** Shows the unread mentions (folded into the item's text, label and tooltip; 0 hides them). */
  setMentions(mentions: MentionSummary): void {
    if (mentions.count === this.mentions.count && mentions.rooms.join('\n') === this.mentions.rooms.join('\n')) return;
    this.mentions = { count: mentions.count, rooms: [...mentions.rooms] };
    this.update(this.status);
  }

  update(status: ServiceStatus, invitationCount = this.invitationCount): void {
    this.status = status;
    this.invitationCount = invitationCount;
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = undefined;
    this.render(status);
    if (status.phase === 'Reconnecting' && status.nextAttemptAt) {
      // "Reconnecting in N s" counts down by itself.
      this.countdown = setInterval(() => this.render(status), 1000);
    }
  }

  dispose(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.item.dispose();
  }

  private render(status: ServiceStatus): void {
    const presentation = this.presentation(status);
    const { background } = presentation;
    let { text, label, command } = presentation;
    const mentions = this.visibleMentions(status);
    if (mentions) {
      text += ` $(mention) ${mentions}`;
      label += `, ${mentionCount(mentions)}`;
      command = RoomCommands.openMentions;
    }
    this.item.text = text;
    this.item.command = command;
    this.item.backgroundColor = background;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Lync Persistent Chat: {0}', label), role: 'button' };
    this.item.tooltip = this.tooltip(status, label);
  }

  private presentation(status: ServiceStatus): { text: string; label: string; command: string; background?: vscode.ThemeColor } {
    const user = status.userUri?.replace(/^sip:/i, '') ?? '';
    const invites = this.invitationCount ? ` $(mail) ${this.invitationCount}` : '';
    switch (status.phase) {
      case 'NotConfigured':
        return { text: '$(circle-slash) Lync', label: vscode.l10n.t('not configured'), command: Commands.openSettings };
      case 'Disconnected':
        return { text: '$(circle-slash) Lync', label: vscode.l10n.t('disconnected'), command: Commands.connect };
      case 'Connecting':
        return { text: `$(sync~spin) ${vscode.l10n.t('Lync: Connecting…')}`, label: vscode.l10n.t('connecting'), command: Commands.statusMenu };
      case 'Connected':
        return { text: `$(pass-filled) Lync: ${user}${invites}`, label: this.connectedLabel(user), command: Commands.statusMenu };
      case 'Reconnecting': {
        const seconds = status.nextAttemptAt ? Math.max(0, Math.ceil((status.nextAttemptAt.getTime() - Date.now()) / 1000)) : 0;
        const [text, label] = seconds > 0 ? [vscode.l10n.t('Lync: Reconnecting in {0} s', seconds), vscode.l10n.t('reconnecting in {0} s', seconds)] : [vscode.l10n.t('Lync: Reconnecting now'), vscode.l10n.t('reconnecting now')];
        return { text: `$(sync) ${text}`, label, command: Commands.statusMenu, background: new vscode.ThemeColor('statusBarItem.warningBackground') };
      }
      case 'Error':
        return { text: '$(error) Lync', label: vscode.l10n.t('error: {0}', status.lastError?.message ?? vscode.l10n.t('unknown')), command: Commands.statusMenu, background: new vscode.ThemeColor('statusBarItem.errorBackground') };
    }
  }

  private connectedLabel(user: string): string {
    const n = this.invitationCount;
    if (!n) return vscode.l10n.t('connected as {0}', user);
    return n === 1 ? vscode.l10n.t('connected as {0}, 1 invitation', user) : vscode.l10n.t('connected as {0}, {1} invitations', user, n);
  }

  /** Unread mentions count while there is a session they belong to (connected or reconnecting). */
  private visibleMentions(status: ServiceStatus): number {
    return status.phase === 'Connected' || status.phase === 'Reconnecting' ? this.mentions.count : 0;
  }

  private tooltip(status: ServiceStatus, label: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [Commands.connect, Commands.disconnect, Commands.showLog, Commands.signIn, Commands.openSettings, Commands.showInvitations, RoomCommands.openMentions] };
    md.appendMarkdown(`**${vscode.l10n.t('Lync Persistent Chat')}** — ${escapeMarkdown(label)}\n\n`);
    const mentions = this.visibleMentions(status);
    if (mentions) md.appendMarkdown(`- ${vscode.l10n.t('Unread mentions: {0} in {1}', mentionCount(mentions), this.mentions.rooms.map((r) => escapeMarkdown(r)).join(', '))} — [${vscode.l10n.t('Open')}](command:${RoomCommands.openMentions})\n`);
    if (status.userUri) md.appendMarkdown(`- ${vscode.l10n.t('User')}: \`${escapeMarkdown(status.userUri)}\`\n`);
    if ('server' in status && status.server) md.appendMarkdown(`- ${vscode.l10n.t('Server')}: \`${escapeMarkdown(status.server)}\`\n`);
    else if (status.phase === 'Connecting' || status.phase === 'Reconnecting') md.appendMarkdown(`- ${vscode.l10n.t('Server')}: ${vscode.l10n.t('found by DNS discovery (the Server setting is empty)')}\n`);
    if ('chatServerUri' in status && status.chatServerUri) md.appendMarkdown(`- ${vscode.l10n.t('Chat server')}: \`${escapeMarkdown(chatServerName(status.chatServerUri))}\`\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Since')}: ${localTime(status.since)}\n`);
    if ('lastError' in status && status.lastError) md.appendMarkdown(`- ${vscode.l10n.t('Last error')}: ${escapeMarkdown(status.lastError.message)}\n`);
    if (status.phase === 'NotConfigured') md.appendMarkdown(`\n${vscode.l10n.t('Missing')}: ${escapeMarkdown(status.missing)}\n`);
    md.appendMarkdown(`\n${tooltipLinks(status.phase).join(' · ')}`);
    return md;
  }
}

/** The tooltip's actions for a phase; while reconnecting, a way out: retry now or fix the settings. */
function tooltipLinks(phase: ServiceStatus['phase']): string[] {
  const link = (title: string, command: string) => `[${title}](command:${command})`;
  const showLog = link(vscode.l10n.t('Show Log'), Commands.showLog);
  const openSettings = link(vscode.l10n.t('Open Settings'), Commands.openSettings);
  const disconnect = link(vscode.l10n.t('Disconnect'), Commands.disconnect);
  switch (phase) {
    case 'Reconnecting': return [link(vscode.l10n.t('Connect now'), Commands.connect), openSettings, disconnect, showLog];
    case 'Connected':
    case 'Connecting': return [disconnect, showLog];
    case 'NotConfigured': return [openSettings, showLog];
    default: return [link(vscode.l10n.t('Connect'), Commands.connect), showLog];
  }
}

function mentionCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 unread mention') : vscode.l10n.t('{0} unread mentions', n);
}

/**
 * The chat server's GRUU without its parameters: `sip:PersistentChatService@contoso.com;gruu;opaque=…`
 * → `sip:PersistentChatService@contoso.com` (the opaque part means nothing to a person; the log has it in full).
 */
export function chatServerName(uri: string): string {
  return uri.split(';')[0] || uri;
}

/**
 * "2026-11-25 09:46" in local time. Not toLocaleString(): its first call loads the ICU locale data,
 * which measured ~16 ms of a ~23 ms activate() in the real extension host.
 */
function localTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
