import { TEXT } from '../shared/messages';
import { SessionApp } from '../shared/session-app';
import { Console } from './console';

export function App() {
  return <SessionApp title={TEXT.appName} subtitle="SI-RANAP · petugas ruangan, admisi dan admin" loading="Memuat konsol…" main={Console} />;
}
