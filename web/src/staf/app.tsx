import { useEffect, useState } from 'preact/hooks';
import { LoginForm, PasswordForm } from '../shared/auth-forms';
import { RequestError } from '../shared/graphql';
import { errorText, TEXT } from '../shared/messages';
import { forget, logout, resume, storedToken, type Session } from '../shared/session';
import { Console } from './console';

type Screen = { name: 'boot' } | { name: 'login'; notice?: string } | { name: 'password'; forced: boolean } | { name: 'console' };

export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'boot' });
  const [session, setSession] = useState<Session | null>(null);

  const sessionEnded = () => {
    forget();
    setSession(null);
    setScreen({ name: 'login', notice: TEXT.sessionEnded });
  };

  const enter = (s: Session) => {
    setSession(s);
    setScreen(s.user.mustChangePassword ? { name: 'password', forced: true } : { name: 'console' });
  };

  useEffect(() => {
    const stored = storedToken();
    if (!stored) {
      setScreen({ name: 'login' });
      return;
    }
    resume(stored).then(enter, (err: unknown) => {
      if (err instanceof RequestError && err.code === 'UNAUTHENTICATED') sessionEnded();
      else setScreen({ name: 'login', notice: err instanceof RequestError ? errorText(err.code) : undefined });
    });
  }, []);

  // The session's end is known in advance: the console says so then instead of failing later.
  useEffect(() => {
    if (!session) return;
    const ms = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(sessionEnded, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session]);

  switch (screen.name) {
    case 'boot':
      return <p class="boot">Memuat konsol…</p>;
    case 'login':
      return <LoginForm title={TEXT.appName} subtitle="SI-RANAP · petugas ruangan, admisi dan admin" notice={screen.notice} onDone={enter} />;
    case 'password':
      return (
        <PasswordForm
          session={session!}
          forced={screen.forced}
          onDone={() => {
            setSession({ ...session!, user: { ...session!.user, mustChangePassword: false } });
            setScreen({ name: 'console' });
          }}
          onCancel={() => setScreen({ name: 'console' })}
          onSessionEnded={sessionEnded}
        />
      );
    case 'console':
      return (
        <Console
          session={session!}
          onLogout={() => {
            void logout(session).then(() => {
              setSession(null);
              setScreen({ name: 'login' });
            });
          }}
          onChangePassword={() => setScreen({ name: 'password', forced: false })}
          onSessionEnded={sessionEnded}
        />
      );
  }
}
