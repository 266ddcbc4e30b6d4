import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as english, translations } from '@zxcvbn-ts/language-en';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's score 3: about 10^8 guesses or more, out of reach of online guessing. */
export const PASSWORD_MIN_SCORE = 3;

/** Words an attacker of this service would try first, besides the user's own name. */
const SITE_WORDS = ['siranap', 'lerik', 'kupang', 'rsud', 'rumahsakit', 'perawat', 'admin'];

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common, ...english }, graphs: adjacencyGraphs, translations, useLevenshteinDistance: true });
  return estimator;
}

export type PasswordCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a password may be set: at least 12 characters, at most 200, and not common, trivial
 * or made of the user's name (zxcvbn score at least 3). `reason` says what to do instead.
 */
export function checkPasswordStrength(password: string, userInputs: readonly string[] = []): PasswordCheck {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { ok: false, reason: `The password must be at least ${PASSWORD_MIN_LENGTH} characters.` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, reason: `The password must be at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const result = zxcvbn().check(password, [...userInputs.filter((w) => w.length > 0), ...SITE_WORDS]);
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true };
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => Boolean(s));
  return {
    ok: false,
    reason: `The password is too easy to guess${hints.length ? ` (${hints.join(' ')})` : ''}; use a longer phrase of unrelated words, not a common password, a repeat or a sequence.`,
  };
}

/** ADMIN_PASSWORD must pass the rule as any user's password does: the problem, or null. */
export function adminPasswordProblem(username: string | undefined, password: string | undefined): string | null {
  if (!password) return null;
  const strength = checkPasswordStrength(password, username ? [username] : []);
  return strength.ok ? null : `ADMIN_PASSWORD: ${strength.reason}`;
}
