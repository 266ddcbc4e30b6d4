import { createCipheriv, createHmac } from 'node:crypto';
import { compressToEncodedURIComponent } from 'lz-string';
import { decryptVclaimResponse, participantStatus, vclaimKey, vclaimSignature } from './bpjs-vclaim.crypto';

/** Encrypts like the VClaim server does, so the test checks our side against the contract. */
function encryptLikeVclaim(consId: string, secret: string, timestamp: string, plaintext: string): string {
  const key = vclaimKey(consId, secret, timestamp);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  return Buffer.concat([cipher.update(compressToEncodedURIComponent(plaintext), 'utf8'), cipher.final()]).toString('base64');
}

describe('BPJS VClaim crypto', () => {
  it('signs consId&timestamp with HMAC-SHA256, base64', () => {
    expect(vclaimSignature('1234', 'rahasia', '1764288000')).toBe(createHmac('sha256', 'rahasia').update('1234&1764288000').digest('base64'));
  });

  it('decrypts and decompresses a participant answer', () => {
    const answer = JSON.stringify({ peserta: { noKartu: '0001234567890', statusPeserta: { kode: '0', keterangan: 'AKTIF' } } });
    const payload = encryptLikeVclaim('1234', 'rahasia', '1764288000', answer);
    const text = decryptVclaimResponse('1234', 'rahasia', '1764288000', payload);
    expect(participantStatus(text)).toEqual({ found: true, active: true, statusCode: '0', status: 'AKTIF', noKartu: '0001234567890' });
  });

  it('reads a non-zero status as inactive', () => {
    const text = JSON.stringify({ peserta: { noKartu: '1', statusPeserta: { kode: '6', keterangan: 'NON AKTIF KARENA PREMI' } } });
    expect(participantStatus(text)).toMatchObject({ active: false, statusCode: '6' });
  });

  it('fails on the wrong key rather than guessing', () => {
    const payload = encryptLikeVclaim('1234', 'rahasia', '1764288000', '{"peserta":{}}');
    expect(() => participantStatus(decryptVclaimResponse('1234', 'other', '1764288000', payload))).toThrow();
  });
});
