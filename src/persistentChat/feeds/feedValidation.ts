import { FEED_LIMITS, FeedInput, FeedProblem, TopicFeed } from './types';

/** `a, b ,, c` → `['a', 'b', 'c']` (each trimmed, blanks and repeats dropped, case-insensitively). */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;\n]/)) {
    const value = part.trim().replace(/\s+/g, ' ');
    if (value && !seen.has(value.toLowerCase())) {
      seen.add(value.toLowerCase());
      out.push(value);
    }
  }
  return out;
}

/** `Bob@Contoso.com` or `sip:bob@contoso.com` → `sip:bob@contoso.com`; undefined when not an address. */
export function personUri(text: string): string | undefined {
  const aor = text.trim().replace(/^<|>$/g, '').replace(/^sips?:/i, '').toLowerCase();
  return /^[^\s@<>"';:]{1,128}@[a-z0-9](?:[a-z0-9.-]{0,252})$/.test(aor) ? `sip:${aor}` : undefined;
}

/** Too many keywords, or one too long (for an input box's live validation too). */
export function keywordsProblem(keywords: readonly string[]): FeedProblem | undefined {
  if (keywords.length > FEED_LIMITS.keywords) return { code: 'TooManyKeywords', limit: FEED_LIMITS.keywords };
  if (keywords.some((k) => k.length > FEED_LIMITS.keyword)) return { code: 'KeywordTooLong', limit: FEED_LIMITS.keyword };
  return undefined;
}

/** Too many people, one that is not an address, or (with no keywords either) nothing to match. */
export function peopleProblem(entries: readonly string[], keywordCount: number): FeedProblem | undefined {
  if (entries.length > FEED_LIMITS.people) return { code: 'TooManyPeople', limit: FEED_LIMITS.people };
  const invalid = entries.find((p) => personUri(p) === undefined);
  if (invalid !== undefined) return { code: 'PersonInvalid', value: invalid.slice(0, 130) };
  if (entries.length === 0 && keywordCount === 0) return { code: 'NothingToMatch' };
  return undefined;
}

/** The name's problem (empty, too long, or another feed's), for an input box's live validation. */
export function nameProblem(name: string, others: readonly TopicFeed[]): FeedProblem | undefined {
  const trimmed = name.trim();
  if (!trimmed) return { code: 'NameEmpty' };
  if (trimmed.length > FEED_LIMITS.name) return { code: 'NameTooLong', limit: FEED_LIMITS.name };
  if (others.some((f) => f.name.toLowerCase() === trimmed.toLowerCase())) return { code: 'NameTaken' };
  return undefined;
}

/** The feed from what the user typed, or why not. `others` are the account's other feeds. */
export function validateFeed(id: string, input: FeedInput, others: readonly TopicFeed[]): TopicFeed | FeedProblem {
  const named = nameProblem(input.name, others);
  if (named) return named;
  const keywords = splitList(input.keywords);
  const entries = splitList(input.people);
  const problem = peopleProblem(entries, keywords.length) ?? keywordsProblem(keywords);
  if (problem) return problem;
  if ((input.rooms?.length ?? 0) > FEED_LIMITS.rooms) return { code: 'TooManyRooms', limit: FEED_LIMITS.rooms };
  const people = entries.map(personUri).filter((p): p is string => p !== undefined);
  const rooms = [...new Set((input.rooms ?? []).map((r) => r.trim().toLowerCase()).filter((r) => r.startsWith('ma-chan://')))];
  return { id, name: input.name.trim(), keywords, people: [...new Set(people)], rooms };
}

export function isFeedProblem(value: TopicFeed | FeedProblem): value is FeedProblem {
  return 'code' in value;
}

/** Feeds read back from storage: checked, not trusted (a damaged entry is dropped, lists re-validated). */
export function parseStoredFeeds(raw: unknown): TopicFeed[] {
  if (!Array.isArray(raw)) return [];
  const feeds: TopicFeed[] = [];
  for (const entry of raw.slice(0, FEED_LIMITS.feeds)) {
    if (!entry || typeof entry !== 'object') continue;
    const r = entry as Record<string, unknown>;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
    if (typeof r.id !== 'string' || typeof r.name !== 'string' || !/^[\w-]{1,64}$/.test(r.id)) continue;
    const feed = validateFeed(r.id, { name: r.name, keywords: strings(r.keywords).join(','), people: strings(r.people).join(','), rooms: strings(r.rooms) }, feeds);
    if (!isFeedProblem(feed)) feeds.push(feed);
  }
  return feeds;
}
