import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/live';
import { gqlAt, MAIN, ServiceProcess } from './support/service-process';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = (dataDir: string): number | null => {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
};

// The single-server default: the built service with its embedded PostgreSQL in DATA_DIR.
(existsSync(MAIN) ? describe : describe.skip)('embedded database after a crash (built service, run `npm run build` first)', () => {
  let dataDir: string;
  const services: ServiceProcess[] = [];
  const pgPids: number[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'siranap-embedded-'));
    // PostgreSQL runs as the postgres user when the tests run as root: it must enter the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    for (const s of services) s.kill('SIGKILL');
    // A PostgreSQL orphaned by a failed assertion must not outlive the test.
    for (const pid of [...pgPids, postmasterPid(dataDir) ?? 0]) if (pid > 0 && alive(pid)) process.kill(pid, 'SIGQUIT');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('kill -9, then a normal start serves within 30 s with the data intact; a second service on the folder is refused at once', async () => {
    const [port, pgPort] = await Promise.all([freePort(), freePort()]);
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(port), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password-1' };
    const first = new ServiceProcess(env);
    services.push(first);
    await first.serving(port, 90_000);
    const login = async () =>
      (await gqlAt<{ login: { token: string } }>(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }')).data!.login.token;
    let token = await login();
    const beds = await gqlAt<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      port,
      '{ beds(filter: {status: AVAILABLE}, first: 1) { edges { node { id version } } } }',
      {},
      token,
    );
    const bed = beds.data!.beds.edges[0].node;
    const changed = await gqlAt(
      port,
      'mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }',
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED', reason: 'sebelum crash' } },
      token,
    );
    expect(changed.errors).toBeUndefined();

    // The crash: the node process dies at once; its PostgreSQL is left running, holding the port.
    const orphan = postmasterPid(dataDir)!;
    pgPids.push(orphan);
    first.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan)).toBe(true);

    const second = new ServiceProcess(env);
    services.push(second);
    const tookMs = await second.serving(port, 30_000);
    expect(second.output).toMatch(/was left running by a service that stopped/);
    expect(alive(orphan)).toBe(false);
    pgPids.push(postmasterPid(dataDir)!);
    token = await login();
    const after = await gqlAt<{ bed: { status: string; version: number } }>(port, 'query($id: ID!) { bed(id: $id) { status version } }', { id: bed.id }, token);
    expect(after.data?.bed ?? after).toEqual({ status: 'CLOSED', version: bed.version + 1 });

    // Another service on the same folder: refused before it touches the database.
    const startedAt = Date.now();
    const third = new ServiceProcess({ ...env, PORT: String(await freePort()) });
    services.push(third);
    const { code } = await third.exited;
    expect(code).toBe(1);
    // At once: before any database work (the bound is loose for a loaded machine; Node's own start is most of it).
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(third.output).toContain(`DATA_DIR ${dataDir} is in use by SI-RANAP process ${second.child.pid}`);
    expect(third.output).not.toMatch(/undefined/);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // A clean stop leaves nothing behind: the next start finds no stale lock.
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(existsSync(join(dataDir, 'service.lock'))).toBe(false);
    expect(pgPids.some(alive)).toBe(false);
    process.stdout.write(`[embedded-restart] served ${tookMs} ms after the restart that followed kill -9\n`);
  }, 180_000);
});
