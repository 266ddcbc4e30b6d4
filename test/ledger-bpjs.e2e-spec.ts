import { createCipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { compressToEncodedURIComponent } from 'lz-string';
import { TestApp, errorCode } from './support/test-app';
import { SUBMIT, claimInput, seededFundId, type ClaimView } from './ledger-support';

const CONS_ID = '31337';
const SECRET = 'rahasia-uji';
const USER_KEY = 'user-key-uji';

/** Participants the fake BPJS knows, by NIK: statusPeserta.kode and keterangan. */
const PARTICIPANTS: Record<string, [string, string]> = {
  '5371010101010001': ['0', 'AKTIF'],
  '5371010101010002': ['6', 'NON AKTIF KARENA PREMI'],
};
const NIK_UNKNOWN = '5371010101010003';
const NIK_SERVER_ERROR = '5371010101010099';

/**
 * A local stand-in for the BPJS VClaim web service (the real one needs credentials and the
 * hospital's network): checks the signature headers and answers the way VClaim does,
 * AES-256-CBC over LZ-string, keyed by consId + secret + timestamp.
 */
function fakeVclaim(requests: { path: string; signed: boolean }[]): Server {
  return createServer((req, res) => {
    const consId = String(req.headers['x-cons-id'] ?? '');
    const timestamp = String(req.headers['x-timestamp'] ?? '');
    const expected = createHmac('sha256', SECRET).update(`${consId}&${timestamp}`).digest();
    const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'base64');
    const signed = consId === CONS_ID && req.headers.user_key === USER_KEY && given.length === expected.length && timingSafeEqual(given, expected);
    requests.push({ path: req.url ?? '', signed });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!signed) return send(200, { metaData: { code: '401', message: 'Signature tidak valid' }, response: null });
    const match = /^\/vclaim-rest\/Peserta\/nik\/(\d{16})\/tglSEP\/(\d{4}-\d{2}-\d{2})$/.exec(req.url ?? '');
    if (!match) return send(404, { metaData: { code: '404', message: 'not found' } });
    const nik = match[1];
    if (nik === NIK_SERVER_ERROR) return send(500, { metaData: { code: '500', message: 'Internal error' } });
    const participant = PARTICIPANTS[nik];
    if (!participant) return send(200, { metaData: { code: '201', message: 'Data Peserta Tidak Ditemukan' }, response: null });
    const plaintext = JSON.stringify({
      peserta: { noKartu: `000${nik.slice(-10)}`, nik, nama: 'PESERTA UJI', statusPeserta: { kode: participant[0], keterangan: participant[1] } },
    });
    const key = createHash('sha256').update(`${CONS_ID}${SECRET}${timestamp}`).digest();
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    const response = Buffer.concat([cipher.update(compressToEncodedURIComponent(plaintext), 'utf8'), cipher.final()]).toString('base64');
    send(200, { metaData: { code: '200', message: 'OK' }, response });
  });
}

describe('ledger: BPJS VClaim check (against a local fake of the VClaim contract)', () => {
  let t: TestApp;
  let server: Server;
  let admissions: string;
  let fundId: string;
  const requests: { path: string; signed: boolean }[] = [];

  beforeAll(async () => {
    server = fakeVclaim(requests);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    t = await TestApp.start({
      ROLE: 'api',
      BPJS_VCLAIM_URL: `http://127.0.0.1:${port}/vclaim-rest`,
      BPJS_CONS_ID: CONS_ID,
      BPJS_SECRET_KEY: SECRET,
      BPJS_USER_KEY: USER_KEY,
      BPJS_TIMEOUT_MS: '2000',
    });
    admissions = await t.userToken(['ADMISSIONS']);
    fundId = await seededFundId(t);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  const submit = (nik: string | null, payerStatus = 'NO_BPJS') =>
    t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { nik, payerStatus }) }, admissions);

  it('refuses a patient BPJS reports active, whatever was declared, and asks with a valid signature', async () => {
    const res = await submit('5371010101010001', 'NO_BPJS');
    expect(errorCode(res)).toBe('NOT_ELIGIBLE');
    expect(res.errors![0].message).toMatch(/BPJS_ACTIVE, from BPJS_VCLAIM/);
    const last = requests.at(-1)!;
    expect(last.signed).toBe(true);
    expect(last.path).toMatch(new RegExp(`^/vclaim-rest/Peserta/nik/5371010101010001/tglSEP/${new Date().toISOString().slice(0, 10)}$`));
  });

  it("records BPJS's answer as the evidence of an eligible claim", async () => {
    const inactive = await submit('5371010101010002', 'BPJS_ACTIVE');
    expect(inactive.errors).toBeUndefined();
    expect(inactive.data!.submitClaim.evidence).toMatchObject({
      source: 'BPJS_VCLAIM',
      payerStatusSeen: 'BPJS_INACTIVE',
      ground: 'BPJS_INACTIVE',
      bpjsStatusCode: '6',
      bpjsStatus: 'NON AKTIF KARENA PREMI',
    });
    const unknown = await submit(NIK_UNKNOWN, 'SELF_PAY');
    expect(unknown.data!.submitClaim.evidence).toMatchObject({
      source: 'BPJS_VCLAIM',
      payerStatusSeen: 'NO_BPJS',
      ground: 'NO_BPJS',
      bpjsStatus: 'not a JKN participant',
    });
  });

  it('does not ask without a NIK, and falls back to the declared status (noting why) when BPJS fails', async () => {
    const asked = requests.length;
    const noNik = await submit(null, 'NO_BPJS');
    expect(noNik.data!.submitClaim.evidence).toMatchObject({ source: 'DECLARED', ground: 'NO_BPJS', bpjsStatus: null });
    expect(requests.length).toBe(asked);
    const failing = await submit(NIK_SERVER_ERROR, 'BPJS_INACTIVE');
    expect(failing.errors).toBeUndefined();
    expect(failing.data!.submitClaim.evidence).toMatchObject({ source: 'DECLARED', payerStatusSeen: 'BPJS_INACTIVE' });
    expect(failing.data!.submitClaim.evidence.bpjsStatus).toMatch(/^not asked: BPJS VClaim answered HTTP 500/);
  });
});
