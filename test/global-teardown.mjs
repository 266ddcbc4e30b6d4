import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const embedded = globalThis.__SIRANAP_EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  await rm(embedded.dir, { recursive: true, force: true });
}
