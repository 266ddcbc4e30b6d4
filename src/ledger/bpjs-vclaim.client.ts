import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { decryptVclaimResponse, participantStatus, vclaimSignature, type ParticipantStatus } from './bpjs-vclaim.crypto';

/**
 * Optional check of a patient's JKN/BPJS status with the VClaim participant lookup by NIK
 * (`Peserta/nik/{nik}/tglSEP/{yyyy-MM-dd}`). Off unless BPJS_VCLAIM_URL and its credentials
 * are configured; when on, its answer becomes the claim's eligibility evidence.
 */
@Injectable()
export class BpjsVclaimClient {
  private readonly log = new Logger(BpjsVclaimClient.name);

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.env.BPJS_VCLAIM_URL);
  }

  async participantByNik(nik: string, serviceDate: Date): Promise<ParticipantStatus> {
    const { BPJS_VCLAIM_URL, BPJS_CONS_ID, BPJS_SECRET_KEY, BPJS_USER_KEY, BPJS_TIMEOUT_MS } = this.config.env;
    const consId = BPJS_CONS_ID!;
    const secret = BPJS_SECRET_KEY!;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const date = serviceDate.toISOString().slice(0, 10);
    const res = await fetch(`${BPJS_VCLAIM_URL}/Peserta/nik/${encodeURIComponent(nik)}/tglSEP/${date}`, {
      headers: {
        'X-cons-id': consId,
        'X-timestamp': timestamp,
        'X-signature': vclaimSignature(consId, secret, timestamp),
        user_key: BPJS_USER_KEY!,
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(BPJS_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`BPJS VClaim answered HTTP ${res.status}`);
    const body = (await res.json()) as { metaData?: { code?: string; message?: string }; response?: unknown };
    const code = body.metaData?.code;
    if (code === '200' && typeof body.response === 'string') {
      return participantStatus(decryptVclaimResponse(consId, secret, timestamp, body.response));
    }
    // VClaim answers 201 "Data Peserta Tidak Ditemukan" for a NIK with no JKN membership.
    if (code === '201') return { found: false };
    this.log.warn({ msg: 'unexpected BPJS VClaim answer', code, message: body.metaData?.message });
    throw new Error(`BPJS VClaim answered ${code ?? 'no code'}: ${body.metaData?.message ?? ''}`);
  }
}
