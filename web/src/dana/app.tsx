import { SessionApp } from '../shared/session-app';
import { FundConsole } from './fund-console';

/** The fund screens at /dana: the same login and session as the ward console, then the screens of the user's roles. */
export function App() {
  return (
    <SessionApp title="Dana Darurat Kesehatan" subtitle="SI-RANAP · admisi, Inspektorat, BPKAD dan auditor" loading="Memuat layar dana…" main={FundConsole} />
  );
}
