import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { bootApp } from '../test/support/boot';
import { MllpClient } from '../src/intake/mllp-client';
import { MllpListener } from '../src/intake/mllp.listener';
import { ADMIN, createDatabase, fmt, log, nowMs, summarize } from './lib';
import { table, type BenchContext, type BenchReport } from './report';

const BEDS = 50;

async function gql<T>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

function hl7Time(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * 1,000 ADT messages from one sender, one at a time as an integration engine sends them (each
 * waits for its ACK): per bed, A01 admit, A03 discharge, A20 U (the bed cleaned). Every message
 * moves the one (ward, class) counter row once, so message i is seen by the public subscriber
 * when it receives that row with seq >= the seq before the run + i.
 */
export async function hl7Bench(ctx: BenchContext): Promise<BenchReport> {
  const total = ctx.quick ? 300 : 1000;
  const db = await createDatabase(ctx.serverUrl, 'hl7');
  const app = await bootApp(db.url, {
    env: {
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_ON_START: 'false',
      HL7_MLLP_PORT: '0',
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    },
  });
  try {
    const token = (
      await gql<{ login: { token: string } }>(app.baseUrl, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
        u: ADMIN.username,
        p: ADMIN.password,
      })
    ).login.token;
    await gql(
      app.baseUrl,
      `mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id } }`,
      {
        i: { code: 'RSB', name: 'RS Bench', address: 'Jl. Bench 1, Kupang', phone: '0380 1', rsOnlineCode: '5371002' },
      },
      token,
    );
    const csv = [
      'ward_code,ward_name,room_code,room_sex_policy,bed_code,bed_class',
      ...Array.from({ length: BEDS }, (_, i) => `W1,Bangsal,R1,MIXED,B${i},KELAS_3`),
    ].join('\n');
    await gql(app.baseUrl, `mutation($csv: String!) { importBeds(csv: $csv, dryRun: false, hospitalCode: "RSB") { hospitalCode } }`, { csv }, token);
    await gql(app.baseUrl, `mutation { setHl7Facility(facility: "RSB", hospitalCode: "RSB") { code } }`, {}, token);
    await gql(app.baseUrl, `mutation { setHl7Location(input: { hospitalCode: "RSB", pointOfCare: "W1", wardCode: "W1" }) { wardCode } }`, {}, token);

    const seen: { seq: number; at: number }[] = [];
    let wake: (() => void) | null = null;
    const ws = createClient({ url: `${app.baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket });
    const dispose = ws.subscribe<{ availabilityChanged: { seq: string } }>(
      { query: `subscription { availabilityChanged(hospitalCode: "RSB") { seq } }` },
      {
        next: (r) => {
          if (r.data) seen.push({ seq: Number(r.data.availabilityChanged.seq), at: nowMs() });
          wake?.();
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 100)));
    if (seen.length === 0) throw new Error('the public subscriber got no first message');
    const seq0 = seen[seen.length - 1].seq;

    const port = app.app.get(MllpListener).port()!;
    const client = await MllpClient.connect(port);
    const sent: number[] = [];
    let clock = Date.UTC(2026, 0, 1);
    const started = nowMs();
    for (let i = 0; i < total; i++) {
      const step = i % 3;
      const cycle = Math.floor(i / 3);
      const bed = cycle % BEDS;
      const mrn = `RM-${cycle}`;
      const at = hl7Time((clock += 1000));
      const msh = (event: string) => `MSH|^~\\&|SIMRS|RSB|SIRANAP|RSB|${at}||ADT^${event}|B${i}|P|2.5|${i + 1}`;
      const pv1 = `PV1|1|I|W1^R1^B${bed}^RSB|||||||||||||||||JKN`;
      const message =
        step === 0
          ? [msh('A01'), `PID|1||${mrn}^^^RSB^MR||X^Y||19800101|M`, pv1]
          : step === 1
            ? [msh('A03'), `PID|1||${mrn}^^^RSB^MR||X^Y||19800101|M`, pv1]
            : [msh('A20'), `NPU|W1^R1^B${bed}^RSB|U`];
      sent.push(nowMs());
      const ack = await client.send(message.join('\r'));
      if (!ack.includes('MSA|AA|')) throw new Error(`message ${i} not applied: ${ack.replace(/\r/g, ' / ')}`);
    }
    const sendMs = nowMs() - started;
    const lastSeq = seq0 + total;
    const end = Date.now() + 30_000;
    while ((seen.at(-1)?.seq ?? 0) < lastSeq && Date.now() < end) await new Promise<void>((r) => ((wake = r), setTimeout(r, 200)));
    await client.close();
    dispose();
    await ws.dispose();
    const latencies: number[] = [];
    let j = 0;
    for (let i = 0; i < total; i++) {
      while (j < seen.length && seen[j].seq < seq0 + i + 1) j++;
      if (j < seen.length) latencies.push(seen[j].at - sent[i]);
    }
    const l = summarize(latencies);
    const rate = total / (sendMs / 1000);
    log(
      `hl7: ${total} messages in ${fmt(sendMs, 0)} ms, ${fmt(rate)} msg/s; receipt to public subscriber p50 ${fmt(l.p50)} ms p99 ${fmt(l.p99)} ms (${l.n} seen)`,
    );
    return {
      title: 'HL7 v2 ADT intake over MLLP',
      summary: `HL7: ${total} ADT messages from one sender at ${fmt(rate)} msg/s; receipt to public subscriber p99 ${fmt(l.p99)} ms`,
      markdown: [
        `One sender on one MLLP connection sends ${total} ADT messages one at a time, each waiting for its ACK (A01, A03, A20 U per bed over ${BEDS} beds), to a service in one process (ROLE all) with a public availabilityChanged subscriber over graphql-ws.`,
        '',
        table(
          ['messages', 'msg/s', 'receipt to subscriber p50 (ms)', 'p99 (ms)', 'max (ms)', 'seen'],
          [[total, fmt(rate), fmt(l.p50), fmt(l.p99), fmt(l.max), `${l.n}/${total}`]],
        ),
      ].join('\n'),
      goals: [
        {
          goal: `${total} ADT messages from one sender`,
          met: l.n === total,
          detail: `${fmt(rate)} msg/s, p99 receipt to public subscriber ${fmt(l.p99)} ms`,
          limits: 'Each message waits for its ACK, which waits for the bed change to commit: the rate is one transaction and its round trips at a time.',
        },
      ],
    };
  } finally {
    await app.close();
    await db.drop();
  }
}
