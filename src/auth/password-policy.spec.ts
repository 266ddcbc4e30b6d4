import { adminPasswordProblem, checkPasswordStrength } from './password-policy';

describe('password strength rule', () => {
  it.each(['aaaaaaaaaaaa', 'password1234', '123456789012', 'qwertyuiopas', 'abcdefghijkl', 'Password1234', 'siranap12345'])(
    'refuses the common or trivial %s',
    (pw) => {
      const check = checkPasswordStrength(pw);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(/too easy to guess/);
    },
  );

  it('refuses fewer than 12 characters, however random, and more than 200', () => {
    const short = checkPasswordStrength('x7#Qp9!vL2z');
    expect(short).toEqual({ ok: false, reason: 'The password must be at least 12 characters.' });
    expect(checkPasswordStrength('a'.repeat(201)).ok).toBe(false);
  });

  it("refuses a password made of the user's own name", () => {
    expect(checkPasswordStrength('maria.tefa.123', ['maria.tefa']).ok).toBe(false);
    expect(checkPasswordStrength('maria.tefa.123').ok).toBe(true);
  });

  it('accepts long phrases and random strings', () => {
    for (const pw of ['sasando-bunga-ranap-71', 'kuda lari di padang savana', 'Zq8vT3kLm2Wx', 'kata-sandi-panjang']) {
      expect(checkPasswordStrength(pw)).toEqual({ ok: true });
    }
  });
});

describe('ADMIN_PASSWORD', () => {
  it('is held to the same rule, naming the variable', () => {
    for (const weak of ['password1234', 'aaaaaaaaaaaa', 'short']) expect(adminPasswordProblem('root', weak)).toMatch(/^ADMIN_PASSWORD: The password/);
    expect(adminPasswordProblem('root', 'sasando-bunga-ranap-71')).toBeNull();
    expect(adminPasswordProblem(undefined, undefined)).toBeNull();
  });
});
