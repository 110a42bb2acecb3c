import { Core } from 'sip.js';
import type { Logger } from '../common/logger';

/** sip.js's log, into ours: its errors as warnings, the rest at trace; its built-in console log off. */
export function sipjsLoggerFactory(logger: Logger): Core.LoggerFactory {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, category, _label, content) => {
    // sip.js's own Digest handler has no credentials on purpose: our layer answers 401/407 (NTLM,
    // MS-SIPAE, Digest). Its "cannot authenticate" would be untrue in the log; say what happens.
    // sip.js logs several lines per message it handles: only a warning can be that one.
    const text = level === 'warn' && /^Unable to obtain credentials/.test(String(content)) ? 'challenge passed to the NTLM/Digest authentication layer' : String(content);
    const line = `sip.js ${category}: ${text}`;
    if (level === 'error') logger.warn(line);
    else logger.trace(line);
  };
  return factory;
}
