/**
 * The workbench forwards both the extension host's console (the test output) and its own log
 * through codeAutomationLog, with nothing to tell them apart. These patterns drop what the
 * workbench and code-server say about themselves on an offline machine; everything else is shown.
 * `--verbose` shows all of it.
 */
const NOISE: readonly RegExp[] = [
  // Offline: the gallery, telemetry and experiment services cannot resolve their hosts.
  /getaddrinfo (ENOTFOUND|EAI_AGAIN) ([\w-]+\.)*(open-vsx\.org|vscode-cdn\.net|visualstudio\.com|microsoft\.com|exp-tas\.com|github\.com|githubusercontent\.com|code-server\.dev)\b/,
  /^File not found: .*\/vsda\b/,
  // Workbench start-up chatter.
  /^\[(AgentHost|AgentHost:remote|AgentHostChannel|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time|ChatSessions?|LanguageModels?|DefaultAccount|Copilot\w*)\]/,
  /^Resolv(ing|ed) connection token\b/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache$/,
  /^Started (local|remote) extension host with pid\b/,
  /^Creation of workbench contribution '[^']+' took \d+ms\.$/,
  // Account look-ups cancelled when the extension host shuts down at the end of the run.
  /^Canceled: Canceled\b[\s\S]*\.(getSessions|getAccounts) /,
  /^Timed out waiting for authentication provider '(github|microsoft)' to register\./,
];

export function isNoise(message: string): boolean {
  return NOISE.some((re) => re.test(message));
}
