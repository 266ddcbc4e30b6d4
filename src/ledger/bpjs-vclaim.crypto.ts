import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { decompressFromEncodedURIComponent } from 'lz-string';

/**
 * The BPJS VClaim web service's signing and response encryption (Katalog BPJS, VClaim 2.0):
 * X-signature is base64 HMAC-SHA256 of "consId&timestamp" keyed with the secret; a response
 * is AES-256-CBC with key SHA-256(consId + secret + timestamp), IV its first 16 bytes, and
 * the plaintext is LZ-string compressed (encodedURIComponent form).
 */
export function vclaimSignature(consId: string, secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${consId}&${timestamp}`, 'utf8').digest('base64');
}

export function vclaimKey(consId: string, secret: string, timestamp: string): Buffer {
  return createHash('sha256').update(`${consId}${secret}${timestamp}`, 'utf8').digest();
}

export function decryptVclaimResponse(consId: string, secret: string, timestamp: string, payload: string): string {
  const key = vclaimKey(consId, secret, timestamp);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const compressed = Buffer.concat([decipher.update(payload, 'base64'), decipher.final()]).toString('utf8');
  const text = decompressFromEncodedURIComponent(compressed);
  if (!text) throw new Error('BPJS response did not decompress');
  return text;
}

export type ParticipantStatus = { found: false } | { found: true; active: boolean; statusCode: string; status: string; noKartu: string | null };

/** Reads `peserta.statusPeserta` from a decrypted Peserta answer; kode "0" is AKTIF. */
export function participantStatus(decrypted: string): ParticipantStatus {
  const body = JSON.parse(decrypted) as { peserta?: { noKartu?: string; statusPeserta?: { kode?: string; keterangan?: string } } };
  const status = body.peserta?.statusPeserta;
  if (!body.peserta || !status || typeof status.kode !== 'string') throw new Error('BPJS answer has no peserta.statusPeserta.kode');
  return { found: true, active: status.kode === '0', statusCode: status.kode, status: status.keterangan ?? '', noKartu: body.peserta.noKartu ?? null };
}
