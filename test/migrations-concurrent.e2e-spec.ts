import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { eventually, freePort } from './support/live';
import { MAIN, ServiceProcess } from './support/service-process';
import { createTestDatabase } from './support/test-app';

// As compose starts them: two api replicas and a worker at once, on a database never migrated.
(existsSync(MAIN) ? describe : describe.skip)('three processes starting at once on an empty database (built service)', () => {
  let db: { url: string; drop: () => Promise<void> };
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of services) s.kill('SIGKILL');
    await Promise.all(services.map((s) => s.exited));
    await db?.drop();
    for (let i = 0; i < 3; i++) rmSync(join(tmpdir(), `siranap-mig-${process.pid}-${i}`), { recursive: true, force: true });
  });

  it('one migrates, the others wait for it; no migration fails', async () => {
    // The test holds the migration lock while the three start, so each must meet it (however
    // the machine schedules them) and wait; then it lets go and exactly one migrates.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('si-ranap migrations'))`);
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const roles = ['api', 'api', 'worker'];
    for (const [i, port] of ports.entries()) {
      services.push(
        new ServiceProcess({
          DATABASE_URL: db.url,
          PORT: String(port),
          ROLE: roles[i],
          ADMIN_USERNAME: 'admin',
          ADMIN_PASSWORD: 'admin-password-1',
          DATA_DIR: join(tmpdir(), `siranap-mig-${process.pid}-${i}`),
        }),
      );
    }
    const waiting = 'another process is migrating the database; waiting for it to finish';
    await eventually(async () => services.every((s) => s.output.includes(waiting)), 'all three waiting for the migration lock', 60_000);
    await holder.query(`SELECT pg_advisory_unlock(hashtext('si-ranap migrations'))`);
    await holder.end();
    await Promise.all(services.map((s, i) => s.serving(ports[i], 90_000)));
    const outputs = services.map((s) => s.output);
    const migrated = outputs.filter((o) => /applied \d+ migration\(s\)/.test(o));
    expect(migrated).toHaveLength(1);
    for (const o of outputs) expect(o).not.toMatch(/failed|duplicate key/i);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM migrations`)).rows;
    const [{ hospitals }] = (await pg.query(`SELECT count(*)::int AS hospitals FROM hospitals`)).rows;
    await pg.end();
    expect(n).toBe(MIGRATIONS.length);
    expect(hospitals).toBe(1);
  }, 120_000);
});
