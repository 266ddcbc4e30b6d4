import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoginForm, PasswordForm } from './auth-forms';
import { RequestError } from './graphql';
import { errorText, TEXT } from './messages';
import { forget, logout, resume, storedToken, type Session } from './session';

/** What a staff page shows once a user is logged in. */
export interface MainProps {
  session: Session;
  onLogout: () => void;
  onChangePassword: () => void;
  onSessionEnded: () => void;
}

interface Props {
  title: string;
  subtitle: string;
  loading: string;
  main: ComponentType<MainProps>;
}

type Screen = { name: 'boot' } | { name: 'login'; notice?: string } | { name: 'password'; forced: boolean } | { name: 'main' };

/** The staff pages' shell: resume or log in, a forced password change, the session's end, then the page's own screen. */
export function SessionApp({ title, subtitle, loading, main: Main }: Props) {
  const [screen, setScreen] = useState<Screen>({ name: 'boot' });
  const [session, setSession] = useState<Session | null>(null);

  const sessionEnded = () => {
    forget();
    setSession(null);
    setScreen({ name: 'login', notice: TEXT.sessionEnded });
  };

  const enter = (s: Session) => {
    setSession(s);
    setScreen(s.user.mustChangePassword ? { name: 'password', forced: true } : { name: 'main' });
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

  // The session's end is known in advance: the page says so then instead of failing later.
  useEffect(() => {
    if (!session) return;
    const ms = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(sessionEnded, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session]);

  switch (screen.name) {
    case 'boot':
      return <p class="boot">{loading}</p>;
    case 'login':
      return <LoginForm title={title} subtitle={subtitle} notice={screen.notice} onDone={enter} />;
    case 'password':
      return (
        <PasswordForm
          session={session!}
          forced={screen.forced}
          onDone={() => {
            setSession({ ...session!, user: { ...session!.user, mustChangePassword: false } });
            setScreen({ name: 'main' });
          }}
          onCancel={() => setScreen({ name: 'main' })}
          onSessionEnded={sessionEnded}
        />
      );
    case 'main':
      return (
        <Main
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
