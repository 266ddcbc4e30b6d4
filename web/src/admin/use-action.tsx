import { useState } from 'preact/hooks';
import { RequestError } from '../shared/graphql';
import { errorText } from '../shared/messages';
import { refusalText } from './refusals';

/** A button's request: busy while it runs, its refusal in Indonesian afterwards. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(err instanceof RequestError ? refusalText(err) : errorText('UNKNOWN'));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function ErrorLine({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-testid="error">
      {error}
    </p>
  );
}
