import { createClient, type Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import WebSocket from 'ws';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';

/**
 * `npm run cluster:check`: drives a mixed workload through both api replicas of
 * `npm run cluster` — bed changes, emergency-fund claims, anonymous subscribers on each
 * replica — then checks: counters equal a recount, the ledger verifies and balances, and
 * every subscriber's last message equals the database's counts. Exit code 1 on any failure.
 *
 * Env: CLUSTER_BASE_PORT (3001), DATABASE_URL (required: the cluster's database),
 * ADMIN_USERNAME / ADMIN_PASSWORD, CHECK_SECONDS (20), CHECK_SUBSCRIBERS (15 per replica: all
 * come from one address, and anonymous watchers are limited per address by
 * WS_MAX_CONNECTIONS_PER_IP, 20 by default — raise it on the cluster to watch with more).
 */
const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 3001);
const PORTS = [BASE, BASE + 1];
const SECONDS = Number(process.env.CHECK_SECONDS ?? 20);
const SUBSCRIBERS = Number(process.env.CHECK_SUBSCRIBERS ?? 15);
const HOSPITAL = 'RSUD-SKLERIK';

type Json = Record<string, unknown>;
interface GqlResult {
  data?: Json;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const log = (msg: string, extra: Json = {}) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), msg, ...extra }) + '\n');

async function gql(port: number, query: string, variables: Json = {}, token?: string): Promise<GqlResult> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult;
}

async function must(port: number, query: string, variables: Json = {}, token?: string): Promise<Json> {
  const res = await gql(port, query, variables, token);
  if (res.errors || !res.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

async function login(port: number, username: string, password: string): Promise<string> {
  const data = await must(port, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: username, p: password });
  return (data.login as { token: string }).token;
}

async function userToken(port: number, admin: string, roles: string[]): Promise<string> {
  const username = `check-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await must(port, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password, roles, wardIds: [] } }, admin);
  return login(port, username, password);
}

interface Counts {
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  seq: string;
}

/** One anonymous watcher: keeps the newest message per (ward, class). */
function watch(port: number, latest: Map<string, Counts>): Client {
  const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 20 });
  client.subscribe<{ availabilityChanged: Counts & { wardId: string; bedClass: string } }>(
    { query: `subscription { availabilityChanged(hospitalCode: "${HOSPITAL}") { wardId bedClass total available occupied reserved cleaning closed seq } }` },
    {
      next: ({ data }) => {
        if (!data) return;
        const m = data.availabilityChanged;
        const key = `${m.wardId}/${m.bedClass}`;
        const seen = latest.get(key);
        if (seen && BigInt(seen.seq) > BigInt(m.seq)) throw new Error(`older message after newer for ${key}`);
        latest.set(key, m);
      },
      error: (e) => log('subscriber error', { error: String(e) }),
      complete: () => undefined,
    },
  );
  return client;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must name the cluster database (the checks read it directly).');
  const admin = await login(PORTS[0], process.env.ADMIN_USERNAME ?? 'admin', process.env.ADMIN_PASSWORD ?? 'admin-password-1');
  const [admissions, verifier, finance] = await Promise.all([
    userToken(PORTS[0], admin, ['ADMISSIONS']),
    userToken(PORTS[1], admin, ['VERIFIER']),
    userToken(PORTS[0], admin, ['FINANCE']),
  ]);
  // Claims go to the fund of the current fiscal year (WITA): open it when the seed has not.
  const year = fiscalYearOf(new Date());
  const funds = (await must(PORTS[1], `{ funds { id fiscalYear } }`, {}, finance)).funds as { id: string; fiscalYear: number }[];
  const fundId =
    funds.find((f) => f.fiscalYear === year)?.id ??
    (
      (
        await must(
          PORTS[0],
          `mutation($i: OpenFundInput!) { openFund(input: $i) { id } }`,
          { i: { name: `Dana ${year}`, fiscalYear: year, ceiling: '3000000000' } },
          finance,
        )
      ).openFund as { id: string }
    ).id;

  const watchers = PORTS.flatMap((port) => Array.from({ length: SUBSCRIBERS }, () => ({ port, latest: new Map<string, Counts>() })));
  const clients = watchers.map((w) => watch(w.port, w.latest));
  log('subscribers connected', { count: watchers.length });

  const db = new Pool({ connectionString: databaseUrl, max: 10 });
  const stats: Record<string, number> = {};
  const count = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
  const deadline = Date.now() + SECONDS * 1000;
  let i = 0;

  const bedLoop = async (worker: number) => {
    while (Date.now() < deadline) {
      const port = PORTS[(i++ + worker) % 2];
      const { rows } = await db.query(`SELECT id, version, status FROM beds ORDER BY random() LIMIT 1`);
      const bed = rows[0] as { id: string; version: number; status: string };
      const next: Record<string, string> = {
        AVAILABLE: 'RESERVED',
        RESERVED: 'AVAILABLE',
        CLEANING: 'AVAILABLE',
        CLOSED: 'AVAILABLE',
        ISOLATED: 'AVAILABLE',
        CONTAMINATED: 'CLEANING',
      };
      const res =
        bed.status === 'OCCUPIED'
          ? await gql(
              port,
              `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { version } }`,
              { i: { bedId: bed.id, expectedVersion: bed.version } },
              admin,
            )
          : bed.status === 'AVAILABLE' && i % 2 === 0
            ? await gql(
                port,
                `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { version } }`,
                {
                  i: {
                    bedId: bed.id,
                    expectedVersion: bed.version,
                    medicalRecordNumber: `CHK-${randomBytes(5).toString('hex')}`,
                    emergency: true,
                    payerStatus: 'NO_BPJS',
                  },
                },
                admin,
              )
            : await gql(
                port,
                `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
                { i: { bedId: bed.id, expectedVersion: bed.version, status: next[bed.status] } },
                admin,
              );
      count(`bed:${res.errors?.[0]?.extensions?.code ?? 'ok'}`);
    }
  };

  const claimLoop = async (worker: number) => {
    while (Date.now() < deadline) {
      const port = PORTS[(i++ + worker) % 2];
      const res = await gql(
        port,
        `mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { id } }`,
        {
          i: {
            idempotencyKey: randomBytes(12).toString('hex'),
            fundId,
            medicalRecordNumber: `CHK-${randomBytes(4).toString('hex')}`,
            patientName: 'Pasien Uji Beban',
            payerStatus: 'NO_BPJS',
            emergency: true,
            amount: String(1_000_000 + Math.floor(Math.random() * 9_000_000)),
          },
        },
        admissions,
      );
      const id = (res.data?.submitClaim as { id: string } | undefined)?.id;
      count(`claim:${res.errors?.[0]?.extensions?.code ?? 'submitted'}`);
      if (!id) continue;
      // Verify and pay some of them once the worker has placed the hold.
      for (let tries = 0; tries < 50; tries++) {
        const { rows } = await db.query(`SELECT status FROM claims WHERE id = $1`, [id]);
        if (rows[0]?.status !== 'REQUESTED') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (Math.random() < 0.6) {
        const v = await gql(PORTS[1 - (i % 2)], `mutation($id: ID!) { verifyClaim(id: $id) { status } }`, { id }, verifier);
        count(`verify:${v.errors?.[0]?.extensions?.code ?? 'ok'}`);
        if (!v.errors && Math.random() < 0.7) {
          const p = await gql(
            PORTS[i % 2],
            `mutation($id: ID!, $a: Rupiah!, $n: String!) { payClaim(id: $id, amount: $a, sp2dNumber: $n, sp2dDate: "2026-01-15") { status } }`,
            { id, a: '500000', n: `SP2D/${id}` },
            finance,
          );
          count(`pay:${p.errors?.[0]?.extensions?.code ?? 'ok'}`);
        }
      }
    }
  };

  log('workload started', { seconds: SECONDS });
  await Promise.all([...Array.from({ length: 6 }, (_, w) => bedLoop(w)), ...Array.from({ length: 2 }, (_, w) => claimLoop(w))]);
  log('workload done', stats);

  // Quiescence: no claim waiting for its hold, no event waiting in the outbox.
  for (let t = 0; t < 300; t++) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM claims WHERE status = 'REQUESTED')::int AS pending, (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    if (rows[0].pending === 0 && rows[0].outbox === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1500));

  const failures: string[] = [];
  const recount = await db.query(
    `WITH r AS (SELECT ward_id, bed_class, count(*)::int AS total,
        count(*) FILTER (WHERE status = 'AVAILABLE')::int AS available, count(*) FILTER (WHERE status = 'OCCUPIED')::int AS occupied,
        count(*) FILTER (WHERE status = 'RESERVED')::int AS reserved, count(*) FILTER (WHERE status IN ('CLEANING','CONTAMINATED'))::int AS cleaning,
        count(*) FILTER (WHERE status IN ('CLOSED','ISOLATED'))::int AS closed FROM beds GROUP BY 1, 2)
     SELECT count(*)::int AS n FROM r FULL JOIN ward_availability w USING (ward_id, bed_class)
      WHERE (r.total, r.available, r.occupied, r.reserved, r.cleaning, r.closed) IS DISTINCT FROM (w.total, w.available, w.occupied, w.reserved, w.cleaning, w.closed)`,
  );
  if (recount.rows[0].n !== 0) failures.push(`${recount.rows[0].n} counter rows differ from a recount`);

  const verification = (await must(PORTS[0], `query($f: ID!) { verifyLedger(fundId: $f) { valid entriesChecked firstBrokenEntryId } }`, { f: fundId }, finance))
    .verifyLedger as Json;
  if (verification.valid !== true) failures.push(`ledger does not verify: ${JSON.stringify(verification)}`);
  const balance = (await must(
    PORTS[1],
    `query($f: ID!) { fundBalance(fundId: $f) { available held paid } funds { id ceiling } }`,
    { f: fundId },
    finance,
  )) as Json;
  const b = balance.fundBalance as { available: string; held: string; paid: string };
  const ceiling = (balance.funds as { id: string; ceiling: string }[]).find((f) => f.id === fundId)!.ceiling;
  if (BigInt(b.available) + BigInt(b.held) + BigInt(b.paid) !== BigInt(ceiling) || BigInt(b.available) < 0n) {
    failures.push(`fund does not balance: ${JSON.stringify(b)} against ceiling ${ceiling}`);
  }

  const counts = await db.query(`SELECT ward_id, bed_class, total, available, occupied, reserved, cleaning, closed FROM ward_availability`);
  let stale = 0;
  for (const w of watchers) {
    for (const row of counts.rows as (Counts & { ward_id: string; bed_class: string })[]) {
      const m = w.latest.get(`${row.ward_id}/${row.bed_class}`);
      if (!m || (['total', 'available', 'occupied', 'reserved', 'cleaning', 'closed'] as const).some((k) => m[k] !== row[k])) {
        if (stale < 5) log('subscriber behind the database', { port: w.port, database: row, lastMessage: m ?? null });
        stale++;
      }
    }
  }
  if (stale > 0) failures.push(`${stale} (subscriber, ward/class) pairs did not end on the database's counts`);

  await db.end();
  await Promise.all(clients.map((c) => c.dispose()));
  log(failures.length === 0 ? 'cluster check passed' : 'cluster check FAILED', {
    failures,
    stats,
    ledger: verification,
    balance: b,
    subscribers: watchers.length,
  });
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster check failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
