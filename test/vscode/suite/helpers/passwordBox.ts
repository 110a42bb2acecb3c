/**
 * The extension's password box (Lync: Sign In, and the "not accepted, enter it again" after a
 * refused password) answered in the workbench page, as a person would: a script of answers is
 * typed into the real input box, one per time it opens; out of answers, Escape (Cancel). Every
 * prompt shown is recorded. One watcher serves the whole run; a test installs its script.
 */
import { ui, uiBridgeUrl } from '../ui';

const PASSWORD_BOX = '.quick-input-widget:has(.quick-input-box input[type="password"])';
const PASSWORD_INPUT = `${PASSWORD_BOX} .quick-input-box input[type="password"]`;
/** The prompt under the input ("Password for …", then the "(Press 'Enter' …)" hint). */
const PROMPT = `${PASSWORD_BOX} .quick-input-message`;
/** How long one look at the page waits for the box before looking again (not a test timeout). */
const LOOK_MS = 2000;

/** Answers the password box from a script; every prompt is recorded. Out of answers = Cancel. */
export class ScriptedPrompter {
  readonly prompts: string[] = [];
  private readonly answers: (string | undefined)[];

  constructor(...answers: (string | undefined)[]) {
    this.answers = answers;
  }

  /** The next answer (undefined: press Escape). */
  next(prompt: string): string | undefined {
    this.prompts.push(prompt);
    return this.answers.shift();
  }
}

let script = new ScriptedPrompter();
let watching: Promise<void> | undefined;
let stopped = false;

/** From now on the password box is answered from `prompter` (the page watcher starts on first use). */
export function answerPasswordBoxWith(prompter: ScriptedPrompter): void {
  if (!uiBridgeUrl()) throw new Error('the password box is answered in the page: run this suite with npm run test:vscode');
  script = prompter;
  stopped = false;
  watching ??= watch().finally(() => { watching = undefined; });
}

/** Stops watching the page (after the last test). */
export async function stopAnsweringPasswordBox(): Promise<void> {
  stopped = true;
  await watching;
}

async function watch(): Promise<void> {
  while (!stopped) {
    try {
      await answerOnce();
    } catch {
      // The box closed under the watcher (another prompt took over) or the page is going away: look again.
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, LOOK_MS));
    }
  }
}

/** Waits (one look) for the box; answers it from the script and waits until it has closed. */
async function answerOnce(): Promise<void> {
  const box = await ui('element', { selector: PASSWORD_INPUT, timeoutMs: LOOK_MS });
  if (stopped || !box.visible) return;
  const message = await ui('element', { selector: PROMPT, waitFor: 'none' });
  const answer = script.next(message.text || box.ariaLabel);
  if (answer === undefined) await ui('press', { selector: PASSWORD_INPUT, key: 'Escape' });
  else await ui('type', { selector: PASSWORD_INPUT, text: answer, press: 'Enter' });
  // The same widget shows the next prompt: look again only once this one has closed.
  await ui('element', { selector: PASSWORD_INPUT, waitFor: 'hidden' });
}
