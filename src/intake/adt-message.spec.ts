import { buildAck, parseHl7Time, readAdt } from './adt-message';
import { frame, MllpDecoder } from './mllp';

const A01 = [
  'MSH|^~\\&|SIMRS|RSKL|SIRANAP|RSKL|20260101120000||ADT^A01^ADT_A01|MSG1|P|2.5|42',
  'EVN|A01|20260101120000',
  'PID|1||999^^^X^PI~RM-1^^^RSKL^MR||Doe^Jane||19800101|f',
  'PV1|1|E|MAWAR^101^A^RSKL' + '|'.repeat(17) + 'JKN',
  'PV2|||||||||20260105',
].join('\r');

describe('reading ADT messages', () => {
  it('picks the fields the intake uses', () => {
    const r = readAdt(A01);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message).toMatchObject({ sender: 'SIMRS^RSKL', controlId: 'MSG1', event: 'A01', sequence: 42n, version: '2.5' });
    expect(r.message.eventAt.toISOString()).toBe('2026-01-01T04:00:00.000Z');
    expect(r.message.patients[0]).toMatchObject({
      medicalRecordNumber: 'RM-1',
      sex: 'F',
      patientClass: 'E',
      financialClass: 'JKN',
      location: { pointOfCare: 'MAWAR', room: '101', bed: 'A', facility: 'RSKL' },
    });
    expect(r.message.patients[0].expectedDischargeAt?.toISOString()).toBe('2026-01-04T16:00:00.000Z');
  });

  it('says what is wrong, with the HL7 error code and where', () => {
    const cases: [string, string, RegExp][] = [
      ['garbage', '100', /MSH/],
      [A01.replace('ADT^A01^ADT_A01', 'ORU^R01'), '200', /only ADT/],
      [A01.replace('ADT^A01^ADT_A01', 'ADT^A05'), '201', /A05/],
      [A01.replace('|2.5|42', '|2.1|42'), '203', /2\.1/],
      [A01.replace('|MSG1|', '||'), '101', /MSH-10/],
      [A01.replace('20260101120000||', '2026-01-01||'), '102', /MSH-7/],
      [A01.replace('999^^^X^PI~RM-1^^^RSKL^MR', ''), '101', /PID-3/],
      [A01.replace('RM-1^^^RSKL^MR', 'RM 1^^^RSKL^MR'), '102', /PID-3/],
    ];
    for (const [text, code, message] of cases) {
      const r = readAdt(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect([r.error.code, r.error.text]).toEqual([code, expect.stringMatching(message)]);
    }
  });

  it('A17 needs two patients, A20 an NPU', () => {
    expect(readAdt(A01.replace(/A01/g, 'A17')).ok).toBe(false);
    const a20 = readAdt('MSH|^~\\&|S|F|||20260101120000||ADT^A20|X|P|2.3\rNPU|MAWAR^101^A|H');
    expect(a20.ok && a20.message.bedStatus).toEqual({ location: { pointOfCare: 'MAWAR', room: '101', bed: 'A', facility: '' }, status: 'H' });
  });

  it('reads HL7 times with and without an offset and refuses impossible ones', () => {
    expect(parseHl7Time('202601011200+0700')?.toISOString()).toBe('2026-01-01T05:00:00.000Z');
    expect(parseHl7Time('20261301120000')).toBeNull();
    expect(parseHl7Time('yesterday')).toBeNull();
  });

  it('acknowledges with MSA and an ERR segment naming the problem', () => {
    const r = readAdt(A01);
    if (!r.ok) throw new Error('unreadable');
    const ack = buildAck(r.header, 'AE', { code: '204', location: 'PV1^1^3', text: 'Bed M101-Z does not exist | here' });
    const segs = ack.split('\r');
    expect(segs[1]).toBe('MSA|AE|MSG1|Bed M101-Z does not exist \\F\\ here');
    expect(segs[2]).toMatch(/^ERR\|\|PV1\^1\^3\|204\^Unknown key identifier\^HL70357\|E/);
    expect(buildAck(null, 'AR', { code: '100', location: '', text: 'x' })).toMatch(/\rMSA\|AR\|\|x\r/);
  });
});

describe('MLLP framing', () => {
  it('splits a stream into messages across chunk borders', () => {
    const d = new MllpDecoder(1000);
    const bytes = Buffer.concat([frame('one'), frame('two')]);
    const out = [...d.push(bytes.subarray(0, 4)), ...d.push(bytes.subarray(4, 9)), ...d.push(bytes.subarray(9))];
    expect(out).toEqual([
      { kind: 'message', text: 'one' },
      { kind: 'message', text: 'two' },
    ]);
  });

  it('reports stray bytes and frames over the limit, and keeps going', () => {
    const d = new MllpDecoder(10);
    const out = d.push(Buffer.concat([Buffer.from('junk'), frame('x'.repeat(20)), frame('ok')]));
    expect(out).toEqual([
      { kind: 'stray', bytes: 4 },
      { kind: 'oversize', bytes: 20 },
      { kind: 'message', text: 'ok' },
    ]);
  });
});
