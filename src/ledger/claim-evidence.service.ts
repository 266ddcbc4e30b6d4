import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { BedsService, type AdmissionFacts } from '../beds/beds.service';
import { AppError, badInput, notFound } from '../common/error-codes';
import { BpjsVclaimClient } from './bpjs-vclaim.client';
import type { EligibilityEvidence } from './claim.entity';
import { checkEligibility } from './eligibility';
import type { SubmitClaimInput } from './ledger.inputs';

/** What a submission is decided on: its admission (when it names one) and the evidence the fund pays on. */
export interface ClaimAssessment {
  admission: AdmissionFacts | null;
  evidence: EligibilityEvidence;
}

/**
 * The evidence of a claim: the admission it names (read through the bed service), the payer
 * status seen (BPJS VClaim when configured, else the admission or the declaration), and the
 * eligibility rule applied to them.
 */
@Injectable()
export class ClaimEvidenceService {
  private readonly log = new Logger(ClaimEvidenceService.name);

  constructor(
    private readonly bpjs: BpjsVclaimClient,
    private readonly beds: BedsService,
  ) {}

  /** The evidence of an eligible submission; NOT_ELIGIBLE names the payer status seen and where from. */
  async assess(actor: Principal, input: SubmitClaimInput): Promise<ClaimAssessment> {
    const admission = input.admissionId ? await this.admissionFacts(input.admissionId, input.medicalRecordNumber) : null;
    const evidence = await this.evidence(actor, input, admission);
    const emergency = admission ? admission.emergency : input.emergency;
    const eligibility = checkEligibility({ emergency, nik: input.nik ?? null, payerStatus: evidence.payerStatusSeen });
    if (!eligibility.eligible) {
      throw new AppError('NOT_ELIGIBLE', `${eligibility.reason} (payer status seen: ${evidence.payerStatusSeen}, from ${evidence.source}).`);
    }
    evidence.ground = eligibility.ground;
    return { admission, evidence };
  }

  async evidence(actor: Principal, input: SubmitClaimInput, admission: AdmissionFacts | null): Promise<EligibilityEvidence> {
    const base = { checkedAt: new Date().toISOString(), checkedBy: actor.username, nikPresent: Boolean(input.nik), ground: '' };
    if (this.bpjs.enabled && input.nik) {
      try {
        const answer = await this.bpjs.participantByNik(input.nik, new Date());
        if (!answer.found) return { ...base, payerStatusSeen: 'NO_BPJS', source: 'BPJS_VCLAIM', bpjs: { notFound: true } };
        return {
          ...base,
          payerStatusSeen: answer.active ? 'BPJS_ACTIVE' : 'BPJS_INACTIVE',
          source: 'BPJS_VCLAIM',
          bpjs: { statusCode: answer.statusCode, status: answer.status, noKartu: answer.noKartu },
        };
      } catch (err) {
        // An emergency patient is not refused because BPJS is down: the Inspektorat sees the gap.
        this.log.warn({ msg: 'BPJS VClaim check failed; using the recorded payer status', error: (err as Error).message });
        const seen = admission?.payerStatus ?? input.payerStatus;
        return { ...base, payerStatusSeen: seen, source: admission ? 'ADMISSION' : 'DECLARED', bpjs: { error: (err as Error).message.slice(0, 200) } };
      }
    }
    if (admission) return { ...base, payerStatusSeen: admission.payerStatus, source: 'ADMISSION' };
    return { ...base, payerStatusSeen: input.payerStatus, source: 'DECLARED' };
  }

  /** The admission a claim names: it must exist and be the same patient's. */
  async admissionFacts(admissionId: string, medicalRecordNumber: string): Promise<AdmissionFacts> {
    const facts = await this.beds.admissionFacts(admissionId);
    if (!facts) throw notFound('Admission', admissionId);
    if (facts.medicalRecordNumber !== medicalRecordNumber) {
      throw badInput(`Admission ${admissionId} is for medical record ${facts.medicalRecordNumber}, not ${medicalRecordNumber}.`);
    }
    return facts;
  }
}
