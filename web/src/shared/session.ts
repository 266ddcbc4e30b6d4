import { LoginDocument, LogoutDocument, MeDocument, type SessionUserFragment } from '../gql/graphql';
import { request } from './graphql';

export type SessionUser = SessionUserFragment;

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

// Per browser tab, and gone when the tab closes: a shared tablet does not keep a login for ever.
const KEY = 'siranap.session';

interface Stored {
  token: string;
  expiresAt: string;
}

export function storedToken(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Stored>;
    return typeof s.token === 'string' && typeof s.expiresAt === 'string' ? { token: s.token, expiresAt: s.expiresAt } : null;
  } catch {
    return null;
  }
}

function store(s: Stored | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

export async function login(username: string, password: string): Promise<Session> {
  const { login: l } = await request(LoginDocument, { username, password }, null);
  store({ token: l.token, expiresAt: l.expiresAt });
  return { token: l.token, expiresAt: l.expiresAt, user: l.user };
}

/** The stored session, checked with the server (it may have been ended elsewhere). */
export async function resume(stored: Stored): Promise<Session> {
  const { me } = await request(MeDocument, {}, stored.token);
  return { ...stored, user: me };
}

export async function logout(session: Session | null): Promise<void> {
  store(null);
  // Ending the server's session is best effort: the token is forgotten here either way.
  if (session) await request(LogoutDocument, {}, session.token).catch(() => undefined);
}

export function forget(): void {
  store(null);
}
