// The parts of `npm start` that write its VS Code profile (settings, linked extensions), kept apart
// so the test that starts the workbench the way `npm start` does (test/vscode/demo) runs this code.
//
// code-server's workbench is a *remote* window: like Remote-SSH, WSL or Codespaces, it reads
// machine-scoped settings (`"scope": "machine"`, e.g. lyncPersistentChat.caFile) only from the
// remote's settings file, <user-data-dir>/Machine/settings.json, and ignores them in the User file
// once the extension has registered its settings. Whether the extension read the User value before
// that happened was a race: the demo connected most of the time, and sometimes failed with
// SELF_SIGNED_CERT_IN_CHAIN because its CA file was not used. So each setting goes to the file
// where a remote window reads it.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** @typedef {Record<string, unknown>} Settings A settings.json's content (key → value). */

/**
 * The settings this repository's extension contributes, key → scope (all configuration sections).
 * @param {string} root @returns {Record<string, string>}
 */
export function contributedScopes(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  /** @type {{ properties?: Record<string, { scope?: string }> }[]} */
  const sections = [manifest.contributes?.configuration ?? []].flat();
  /** @type {Record<string, string>} */
  const scopes = {};
  for (const section of sections) for (const [key, schema] of Object.entries(section.properties ?? {})) scopes[key] = schema.scope ?? 'window';
  return scopes;
}

/**
 * Reads a settings.json; a file that is not plain JSON (VS Code allows comments) is kept aside.
 * @param {string} file @param {(message: string) => void} log @returns {Settings}
 */
function readSettings(file, log) {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    renameSync(file, `${file}.bak`);
    log(`${file} was not plain JSON; kept it as ${file}.bak`);
    return {};
  }
}

/** @param {string} file @param {unknown} value */
function writeJson(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes the demo profile's settings: `defaults` under the user's own edits, `demoSettings` over
 * both, each key in the file a remote window reads it from — machine-scoped ones in
 * Machine/settings.json (and removed from User/settings.json, where an older demo put them),
 * every other one in User/settings.json. Returns the two file paths.
 * @param {{
 *   root: string, userDataDir: string, defaults?: Settings, demoSettings: Settings,
 *   log?: (message: string) => void,
 * }} options
 * @returns {{ userFile: string, machineFile: string }}
 */
export function writeDemoSettings({ root, userDataDir, defaults = {}, demoSettings, log = () => undefined }) {
  const scopes = contributedScopes(root);
  const isMachine = (/** @type {string} */ key) => scopes[key] === 'machine' || scopes[key] === 'machine-overridable';
  const userFile = join(userDataDir, 'User', 'settings.json');
  const machineFile = join(userDataDir, 'Machine', 'settings.json');
  const user = { ...defaults, ...readSettings(userFile, log) };
  const machine = readSettings(machineFile, log);
  for (const key of Object.keys(user)) if (isMachine(key)) delete user[key];
  for (const [key, value] of Object.entries(demoSettings)) {
    if (isMachine(key)) machine[key] = value;
    else user[key] = value;
  }
  writeJson(userFile, user);
  writeJson(machineFile, machine);
  return { userFile, machineFile };
}

/**
 * A fresh extensions folder holding links to this checkout (the extension) and to the demo's
 * companion extension (simulator/demo-extension, which signs the demo user in through the
 * extension's public API). Returns the extension's id.
 * @param {string} root @param {string} extensionsDir @returns {string}
 */
export function linkExtensions(root, extensionsDir) {
  rmSync(extensionsDir, { recursive: true, force: true });
  mkdirSync(extensionsDir, { recursive: true });
  const id = linkExtension(resolve(root), extensionsDir);
  linkExtension(resolve(root, 'simulator', 'demo-extension'), extensionsDir);
  return id;
}

/**
 * Links the extension in `folder` into `extensionsDir` under the name VS Code gives it; returns its id.
 * @param {string} folder @param {string} extensionsDir @returns {string}
 */
export function linkExtension(folder, extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  symlinkSync(folder, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  return `${manifest.publisher}.${manifest.name}`;
}

/**
 * Records which checkout the profile belongs to; returns a note when it was made by another one
 * (a copied or moved checkout): its settings were just rewritten for this checkout.
 * @param {string} root @param {string} demoDir @returns {string | undefined}
 */
export function claimProfile(root, demoDir) {
  const file = join(demoDir, 'checkout.json');
  /** @type {unknown} */
  let previous;
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')).root;
  } catch {
    previous = undefined;
  }
  writeJson(file, { root: resolve(root) });
  if (!previous || previous === resolve(root)) return undefined;
  return `this demo profile was made by the checkout at ${previous}; its settings now point at this checkout (${resolve(root)}). To start afresh, delete ${demoDir}.`;
}

/**
 * The browser keeps part of the profile itself, per address (origin): the workbench's state and
 * the extension's global state (followed rooms, invitations already announced) live in the
 * browser's site storage, not in the demo folder. So each profile remembers the port it is served
 * on, and a fresh profile gets a port no earlier one of this checkout used: a new origin, where the
 * browser has stored nothing.
 */
const ORIGIN_FILE = 'origin.json';
const PORTS_FILE = 'demo-ports.json';
const FIRST_PORT = 8765;

/**
 * The JSON in `file`, or `fallback` when it is missing or not JSON (the content is not checked).
 * @template T @param {string} file @param {T} fallback @returns {T}
 */
function readJson(file, fallback) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
}

/**
 * The port this profile was last served on, or undefined for a new (or older) profile.
 * @param {string} demoDir @returns {number | undefined}
 */
export function profilePort(demoDir) {
  const port = readJson(join(demoDir, ORIGIN_FILE), /** @type {{ port?: unknown }} */ ({})).port;
  return typeof port === 'number' && Number.isInteger(port) ? port : undefined;
}

/**
 * Records the port the profile is served on (and, beside the profile, every port a profile used).
 * @param {string} demoDir @param {number} port
 */
export function rememberPort(demoDir, port) {
  writeJson(join(demoDir, ORIGIN_FILE), { port });
  const usedFile = join(dirname(demoDir), PORTS_FILE);
  const used = readJson(usedFile, /** @type {unknown} */ ([]));
  if (Array.isArray(used) && !used.includes(port)) writeJson(usedFile, [...used, port]);
}

/**
 * `npm start -- --fresh`: deletes the profile and returns the port for the new one (never used before).
 * @param {string} demoDir @returns {number}
 */
export function freshProfile(demoDir) {
  rmSync(demoDir, { recursive: true, force: true });
  const used = readJson(join(dirname(demoDir), PORTS_FILE), /** @type {unknown} */ ([]));
  return Math.max(FIRST_PORT, ...(Array.isArray(used) ? used.filter(Number.isInteger) : [])) + 1;
}
