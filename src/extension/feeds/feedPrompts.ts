import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import { isFeedProblem, keywordsProblem, nameProblem, peopleProblem, splitList, validateFeed } from '../../persistentChat/feeds/feedValidation';
import type { FeedProblem, TopicFeed } from '../../persistentChat/feeds/types';

/** A refusal of the feed's fields, as the input box shows it. */
export function problemText(problem: FeedProblem): string {
  switch (problem.code) {
    case 'NameEmpty': return vscode.l10n.t('Give the feed a name.');
    case 'NameTooLong': return vscode.l10n.t('A feed name is at most {0} characters.', problem.limit);
    case 'NameTaken': return vscode.l10n.t('Another feed has this name.');
    case 'NothingToMatch': return vscode.l10n.t('Give at least one keyword or one person.');
    case 'TooManyKeywords': return vscode.l10n.t('At most {0} keywords.', problem.limit);
    case 'KeywordTooLong': return vscode.l10n.t('A keyword is at most {0} characters.', problem.limit);
    case 'TooManyPeople': return vscode.l10n.t('At most {0} people.', problem.limit);
    case 'PersonInvalid': return vscode.l10n.t('"{0}" is not a SIP address (name@domain).', problem.value);
    case 'TooManyRooms': return vscode.l10n.t('At most {0} rooms.', problem.limit);
    case 'TooManyFeeds': return vscode.l10n.t('At most {0} topic feeds.', problem.limit);
  }
}

const problemOrNone = (problem: FeedProblem | undefined) => (problem ? problemText(problem) : undefined);

/** A followed room the feed may be limited to. */
export interface RoomChoice { uri: string; name: string }

/** The rooms the feed is limited to (none picked: every followed room), or undefined when cancelled. */
async function pickRooms(title: string, current: readonly string[], rooms: readonly RoomChoice[]): Promise<string[] | undefined> {
  if (rooms.length === 0) return [...current];
  const items = rooms.map((room) => ({ label: room.name, description: room.uri, picked: current.includes(room.uri.toLowerCase()), uri: room.uri }));
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: vscode.l10n.t('Only in these rooms (pick none for every room you follow)') });
  return picked?.map((item) => item.uri);
}

/**
 * The input boxes of New / Edit Topic Feed (name, keywords, people, each validated as typed) and
 * the rooms it is limited to; the feed, or undefined when the user cancels.
 */
export async function promptFeed(existing: TopicFeed | undefined, others: readonly TopicFeed[], rooms: readonly RoomChoice[]): Promise<TopicFeed | undefined> {
  const title = existing ? vscode.l10n.t('Lync: Edit Topic Feed') : vscode.l10n.t('Lync: New Topic Feed');
  const name = await vscode.window.showInputBox({
    title, prompt: vscode.l10n.t('Name of the feed'), value: existing?.name ?? '', placeHolder: vscode.l10n.t('e.g. Deployments'),
    validateInput: (v) => problemOrNone(nameProblem(v, others)),
  });
  if (name === undefined) return undefined;
  const keywords = await vscode.window.showInputBox({
    title, prompt: vscode.l10n.t('Keywords, separated by commas (whole words, any case); leave empty to follow people only'),
    value: existing?.keywords.join(', ') ?? '', placeHolder: vscode.l10n.t('e.g. deploy, rollback, INC-'), validateInput: (v) => problemOrNone(keywordsProblem(splitList(v))),
  });
  if (keywords === undefined) return undefined;
  const people = await vscode.window.showInputBox({
    title, prompt: vscode.l10n.t('People, by SIP address, separated by commas; leave empty for anyone'),
    value: existing?.people.map((p) => p.replace(/^sip:/, '')).join(', ') ?? '', placeHolder: vscode.l10n.t('e.g. bob@contoso.com'),
    validateInput: (v) => problemOrNone(peopleProblem(splitList(v), splitList(keywords).length)),
  });
  if (people === undefined) return undefined;
  const picked = await pickRooms(title, existing?.rooms ?? [], rooms);
  if (picked === undefined) return undefined;
  const feed = validateFeed(existing?.id ?? randomBytes(9).toString('base64url'), { name, keywords, people, rooms: picked }, others);
  if (isFeedProblem(feed)) throw new LyncError('InvalidSettings', problemText(feed), { retriable: false });
  return feed;
}
