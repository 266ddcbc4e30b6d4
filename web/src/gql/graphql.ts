/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdmitPatientInput = {
  bedId: string | number;
  emergency: boolean;
  /** When the ward expects the patient to leave (in the future, within a year). */
  expectedDischargeAt?: string | null | undefined;
  /** The version of the bed you saw; a stale one is refused with VERSION_CONFLICT. */
  expectedVersion: number;
  medicalRecordNumber: string;
  payerStatus: PayerStatus;
  /** Recorded on the admission; a room for men or women only refuses the other sex with ROOM_SEX_POLICY (a sex left out is not checked). */
  sex?: PatientSex | null | undefined;
  /** The waiting-list entry of this patient: it leaves the list with this admission. */
  waitingEntryId?: string | number | null | undefined;
};

/** SIRANAP / RS Online bed class; its id_tt is Bed.rsOnlineCode. */
export type BedClass =
  | 'HCU'
  | 'ICCU'
  | 'ICU'
  | 'ICU_VENTILATOR'
  | 'INTERMEDIATE_IGD'
  | 'ISOLASI'
  | 'KELAS_1'
  | 'KELAS_2'
  | 'KELAS_3'
  | 'KRIS_JKN'
  | 'NICU'
  | 'NICU_VENTILATOR'
  | 'PERINATOLOGI'
  | 'PICU'
  | 'PICU_VENTILATOR'
  | 'RICU'
  | 'VIP'
  | 'VVIP';

/** Bed status; Bed.hl7Status gives its HL7 v2 table 0116 code. */
export type BedStatus =
  | 'AVAILABLE'
  | 'CLEANING'
  | 'CLOSED'
  | 'CONTAMINATED'
  | 'ISOLATED'
  | 'OCCUPIED'
  | 'RESERVED';

export type ChangeBedStatusInput = {
  bedId: string | number;
  /** The version of the bed you saw; a stale one is refused with VERSION_CONFLICT. */
  expectedVersion: number;
  reason?: string | null | undefined;
  /** Only with status RESERVED: what the bed is held for and how long. Left out, the bed is held RESERVATION_HOURS for an unspecified purpose. */
  reservation?: ReservationInput | null | undefined;
  status: BedStatus;
};

export type ChangePasswordInput = {
  currentPassword: string;
  /** At least 12 characters, not common or trivial. */
  newPassword: string;
};

export type ClaimAction =
  | 'ATTACH'
  | 'EXPIRE'
  | 'FLAG'
  | 'HOLD'
  | 'PAY'
  | 'REFUND'
  | 'REJECT'
  | 'SUBMIT'
  | 'VERIFY';

/** REQUESTED → HELD | REJECTED → VERIFIED | REJECTED | EXPIRED (hold ran out) → PAID → REFUNDED. */
export type ClaimStatus =
  | 'EXPIRED'
  | 'HELD'
  | 'PAID'
  | 'REFUNDED'
  | 'REJECTED'
  | 'REQUESTED'
  | 'VERIFIED';

export type CreateBedInput = {
  bedClass: BedClass;
  /** Unique within the hospital. */
  code: string;
  roomId: string | number;
};

export type CreateHospitalInput = {
  address: string;
  city?: string | null | undefined;
  /** Short code used in queries and subscriptions; cannot be changed later. */
  code: string;
  /** WGS 84 latitude in degrees (-90 to 90), with longitude; for the directions link. */
  latitude?: number | null | undefined;
  /** WGS 84 longitude in degrees (-180 to 180), with latitude. */
  longitude?: number | null | undefined;
  name: string;
  /** The hotline shown to the public. */
  phone: string;
  /** The hospital's code at RS Online (Kemenkes). */
  rsOnlineCode?: string | null | undefined;
};

export type CreateRoomInput = {
  /** Unique within the ward. */
  code: string;
  /** Meets the KRIS JKN criteria: at most four beds, separated by sex, age and infectious disease. */
  kris: boolean;
  name: string;
  sexPolicy: SexPolicy;
  wardId: string | number;
};

export type CreateUserInput = {
  /** The user's hospital. Left out: the caller's hospital, else that of wardIds, else service-wide. null: service-wide (a service-wide ADMIN only). A hospital's ADMIN gives only their own. */
  hospitalCode?: string | null | undefined;
  /** At least 12 characters, not common or trivial. */
  password: string;
  /** At most one of ADMISSIONS, VERIFIER, FINANCE. */
  roles: Array<Role>;
  username: string;
  wardIds?: Array<string | number>;
};

export type CreateWardInput = {
  /** Unique within the hospital. */
  code: string;
  hospitalCode: string;
  name: string;
  /** Clinical service (penyakit dalam, bedah, anak, ...). */
  service: string;
};

export type DischargePatientInput = {
  bedId: string | number;
  /** The patient was infectious: the bed needs terminal disinfection (CONTAMINATED) before cleaning. */
  contaminated?: boolean;
  /** The patient died (true) or left alive (false); leave out when not known. Counted in bedIndicators. */
  died?: boolean | null | undefined;
  /** The version of the bed you saw; a stale one is refused with VERSION_CONFLICT. */
  expectedVersion: number;
};

export type DrawdownFilter = {
  /** Submitted at or after. */
  from?: string | null | undefined;
  fundId?: string | number | null | undefined;
  medicalRecordNumber?: string | null | undefined;
  status?: ClaimStatus | null | undefined;
  /** Submitted before. */
  to?: string | null | undefined;
  wardId?: string | number | null | undefined;
};

export type OpenFundInput = {
  ceiling: string;
  fiscalYear: number;
  name: string;
};

/** The patient's sex, checked against the room's sexPolicy. */
export type PatientSex =
  | 'FEMALE'
  | 'MALE';

export type PayerStatus =
  | 'BPJS_ACTIVE'
  | 'BPJS_INACTIVE'
  | 'NO_BPJS'
  | 'OTHER_INSURANCE'
  | 'SELF_PAY';

export type ReservationInput = {
  /** When the patient is expected (required for a referral); before the reservation runs out. */
  expectedArrivalAt?: string | null | undefined;
  /** How long to hold the bed, in hours (fractions allowed, at most 72); default RESERVATION_HOURS. */
  hours?: number | null | undefined;
  /** Whom the bed is held for: record or IGD register number. Staff only, never public. */
  patientReference?: string | null | undefined;
  purpose: ReservationPurpose;
  /** REFERRAL: the facility sending the patient (required for a referral). */
  referringFacility?: string | null | undefined;
};

/** What a bed is held for: REFERRAL (a patient sent from another facility), IGD (from the emergency department), ELECTIVE (a planned admission). */
export type ReservationPurpose =
  | 'ELECTIVE'
  | 'IGD'
  | 'REFERRAL';

/** What a user may do. */
export type Role =
  | 'ADMIN'
  | 'ADMISSIONS'
  | 'AUDITOR'
  | 'FINANCE'
  | 'VERIFIER'
  | 'WARD_STAFF';

/** Buckets of a balance series: WITA days or months. */
export type SeriesUnit =
  | 'DAY'
  | 'MONTH';

export type SetupAction =
  | 'CREATE'
  | 'REOPEN'
  | 'RETIRE'
  | 'UPDATE';

export type SetupEntity =
  | 'BED'
  | 'HOSPITAL'
  | 'ROOM'
  | 'WARD';

/** Who a room takes: men, women or both. */
export type SexPolicy =
  | 'FEMALE'
  | 'MALE'
  | 'MIXED';

export type SubmitClaimInput = {
  /** The admission the claim is for; its record then decides emergency and payer status. */
  admissionId?: string | number | null | undefined;
  amount: string;
  emergency: boolean;
  fundId: string | number;
  /** Chosen by the client, unique per claim; a retry with the same key and content returns the same claim. */
  idempotencyKey: string;
  medicalRecordNumber: string;
  /** Nomor Induk Kependudukan (16 digits); leave out when the patient has none. */
  nik?: string | null | undefined;
  patientName: string;
  payerStatus: PayerStatus;
};

export type TransferPatientInput = {
  fromBedId: string | number;
  fromVersion: number;
  reason: string;
  /** The patient's sex, recorded on the admission when it was not yet; it must match a recorded one. */
  sex?: PatientSex | null | undefined;
  toBedId: string | number;
  toVersion: number;
};

export type UpdateBedInput = {
  /** Moves the bed from one class counter to the other, in the same transaction. */
  bedClass?: BedClass | null | undefined;
  code?: string | null | undefined;
  id: string | number;
  /** Another room of the same hospital. */
  roomId?: string | number | null | undefined;
};

export type UpdateHospitalInput = {
  address?: string | null | undefined;
  city?: string | null | undefined;
  id: string | number;
  /** WGS 84 latitude in degrees (-90 to 90), with longitude; for the directions link. null removes the position. */
  latitude?: number | null | undefined;
  /** WGS 84 longitude in degrees (-180 to 180), with latitude. */
  longitude?: number | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  rsOnlineCode?: string | null | undefined;
};

export type UpdateRoomInput = {
  code?: string | null | undefined;
  id: string | number;
  kris?: boolean | null | undefined;
  name?: string | null | undefined;
  sexPolicy?: SexPolicy | null | undefined;
};

/** The fields given are set; the others stay. New roles or wards, or disabling, end the user's sessions. */
export type UpdateUserInput = {
  disabled?: boolean | null | undefined;
  /** Moves the user to this hospital (its wards must come with it in wardIds); null: service-wide (a service-wide ADMIN only). Left out: unchanged. */
  hospitalCode?: string | null | undefined;
  id: string | number;
  /** At most one of ADMISSIONS, VERIFIER, FINANCE. */
  roles?: Array<Role> | null | undefined;
  wardIds?: Array<string | number> | null | undefined;
};

export type UpdateWardInput = {
  code?: string | null | undefined;
  id: string | number;
  name?: string | null | undefined;
  service?: string | null | undefined;
};

export type HospitalProfileFragment = { id: string, code: string, name: string, city: string, address: string, phone: string, rsOnlineCode: string | null, demo: boolean };

export type WardRowFragment = { id: string, code: string, name: string, service: string };

export type RoomRowFragment = { id: string, wardId: string, code: string, name: string, sexPolicy: SexPolicy, kris: boolean };

export type BedRowFragment = { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null };

export type AdminHospitalsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminHospitalsQuery = { hospitals: Array<{ id: string, code: string, name: string, city: string, address: string, phone: string, rsOnlineCode: string | null, demo: boolean, wards: Array<{ id: string, code: string, name: string, service: string }> }> };

export type AdminRoomsQueryVariables = Exact<{
  wardId: string | number;
}>;


export type AdminRoomsQuery = { ward: { id: string, rooms: Array<{ id: string, wardId: string, code: string, name: string, sexPolicy: SexPolicy, kris: boolean }> } };

export type AdminBedsQueryVariables = Exact<{
  roomId: string | number;
  retired?: boolean | null | undefined;
}>;


export type AdminBedsQuery = { beds: { edges: Array<{ node: { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null } }> } };

export type CreateHospitalMutationVariables = Exact<{
  input: CreateHospitalInput;
}>;


export type CreateHospitalMutation = { createHospital: { id: string, code: string, name: string, city: string, address: string, phone: string, rsOnlineCode: string | null, demo: boolean } };

export type UpdateHospitalMutationVariables = Exact<{
  input: UpdateHospitalInput;
}>;


export type UpdateHospitalMutation = { updateHospital: { id: string, code: string, name: string, city: string, address: string, phone: string, rsOnlineCode: string | null, demo: boolean } };

export type CreateWardMutationVariables = Exact<{
  input: CreateWardInput;
}>;


export type CreateWardMutation = { createWard: { id: string, code: string, name: string, service: string } };

export type UpdateWardMutationVariables = Exact<{
  input: UpdateWardInput;
}>;


export type UpdateWardMutation = { updateWard: { id: string, code: string, name: string, service: string } };

export type CreateRoomMutationVariables = Exact<{
  input: CreateRoomInput;
}>;


export type CreateRoomMutation = { createRoom: { id: string, wardId: string, code: string, name: string, sexPolicy: SexPolicy, kris: boolean } };

export type UpdateRoomMutationVariables = Exact<{
  input: UpdateRoomInput;
}>;


export type UpdateRoomMutation = { updateRoom: { id: string, wardId: string, code: string, name: string, sexPolicy: SexPolicy, kris: boolean } };

export type CreateBedMutationVariables = Exact<{
  input: CreateBedInput;
}>;


export type CreateBedMutation = { createBed: { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null } };

export type UpdateBedMutationVariables = Exact<{
  input: UpdateBedInput;
}>;


export type UpdateBedMutation = { updateBed: { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null } };

export type RetireBedMutationVariables = Exact<{
  id: string | number;
}>;


export type RetireBedMutation = { retireBed: { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null } };

export type ReopenBedMutationVariables = Exact<{
  id: string | number;
}>;


export type ReopenBedMutation = { reopenBed: { id: string, roomId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, retiredAt: string | null } };

export type SetupAuditQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SetupAuditQuery = { setupAudit: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, at: string, actorUsername: string | null, entity: SetupEntity, action: SetupAction, before: Record<string, unknown> | null, after: Record<string, unknown>, via: string } }> } };

export type UserRowFragment = { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, disabled: boolean, mustChangePassword: boolean, createdAt: string };

export type AdminUsersQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type AdminUsersQuery = { users: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, disabled: boolean, mustChangePassword: boolean, createdAt: string } }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, disabled: boolean, mustChangePassword: boolean, createdAt: string } };

export type UpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, disabled: boolean, mustChangePassword: boolean, createdAt: string } };

export type ResetPasswordMutationVariables = Exact<{
  id: string | number;
}>;


export type ResetPasswordMutation = { resetPassword: { temporaryPassword: string } };

export type UnlockUserMutationVariables = Exact<{
  id: string | number;
}>;


export type UnlockUserMutation = { unlockUser: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, disabled: boolean, mustChangePassword: boolean, createdAt: string } };

export type ImportCountsViewFragment = { created: number, updated: number, retired: number, reopened: number, unchanged: number, createdCodes: Array<string>, updatedCodes: Array<string>, retiredCodes: Array<string>, reopenedCodes: Array<string>, unchangedCodes: Array<string> };

export type ImportReportViewFragment = { hospitalCode: string, dryRun: boolean, wards: { created: number, updated: number, retired: number, reopened: number, unchanged: number, createdCodes: Array<string>, updatedCodes: Array<string>, retiredCodes: Array<string>, reopenedCodes: Array<string>, unchangedCodes: Array<string> }, rooms: { created: number, updated: number, retired: number, reopened: number, unchanged: number, createdCodes: Array<string>, updatedCodes: Array<string>, retiredCodes: Array<string>, reopenedCodes: Array<string>, unchangedCodes: Array<string> }, beds: { created: number, updated: number, retired: number, reopened: number, unchanged: number, createdCodes: Array<string>, updatedCodes: Array<string>, retiredCodes: Array<string>, reopenedCodes: Array<string>, unchangedCodes: Array<string> } };

export type FundsQueryVariables = Exact<{ [key: string]: never; }>;


export type FundsQuery = { funds: Array<{ id: string, name: string, fiscalYear: number, ceiling: string, closedAt: string | null }> };

export type FundBalanceNowQueryVariables = Exact<{
  fundId: string | number;
}>;


export type FundBalanceNowQuery = { fundBalance: { available: string, held: string, paid: string, asOf: string } };

export type AdmissionWardsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdmissionWardsQuery = { hospitals: Array<{ code: string, name: string, wards: Array<{ id: string, code: string, name: string }> }> };

export type OccupiedBedsQueryVariables = Exact<{
  wardId: string | number;
}>;


export type OccupiedBedsQuery = { beds: { edges: Array<{ node: { id: string, code: string, currentAdmission: { id: string, medicalRecordNumber: string, emergency: boolean, payerStatus: PayerStatus, admittedAt: string } | null } }> } };

export type ClaimDocumentFieldsFragment = { id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string };

export type ClaimEventFieldsFragment = { id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string };

export type OwnClaimFragment = { id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> };

export type ReviewClaimFragment = { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> };

export type SubmitClaimMutationVariables = Exact<{
  input: SubmitClaimInput;
}>;


export type SubmitClaimMutation = { submitClaim: { id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type OwnClaimNowQueryVariables = Exact<{
  id: string | number;
}>;


export type OwnClaimNowQuery = { claim: { id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type ReviewClaimNowQueryVariables = Exact<{
  id: string | number;
}>;


export type ReviewClaimNowQuery = { claim: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type VerificationQueueQueryVariables = Exact<{
  fundId: string | number;
  after?: string | null | undefined;
}>;


export type VerificationQueueQuery = { verificationQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } }> } };

export type VerifyClaimMutationVariables = Exact<{
  id: string | number;
  amount?: string | null | undefined;
}>;


export type VerifyClaimMutation = { verifyClaim: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type RejectClaimMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RejectClaimMutation = { rejectClaim: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type PayClaimMutationVariables = Exact<{
  id: string | number;
  amount: string;
  sp2dNumber: string;
  sp2dDate: string;
}>;


export type PayClaimMutation = { payClaim: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type RefundClaimMutationVariables = Exact<{
  id: string | number;
  amount: string;
  reason: string;
}>;


export type RefundClaimMutation = { refundClaim: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } };

export type CloseFundMutationVariables = Exact<{
  fundId: string | number;
}>;


export type CloseFundMutation = { closeFund: { id: string, closedAt: string | null } };

export type ReviewListQueryVariables = Exact<{
  filter?: DrawdownFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewListQuery = { drawdowns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { fundId: string, submittedBy: string, nik: string | null, emergency: boolean, payerStatus: PayerStatus, admissionId: string | null, paymentOverdueAt: string | null, verifiedAt: string | null, id: string, status: ClaimStatus, medicalRecordNumber: string, patientName: string, amount: string, heldAmount: string, verifiedAmount: string | null, paidAmount: string, refundedAmount: string, rejectReason: string | null, createdAt: string, heldAt: string | null, sp2dNumber: string | null, sp2dDate: string | null, evidence: { payerStatusSeen: PayerStatus, source: string, ground: string, checkedBy: string, nikPresent: boolean, bpjsStatus: string | null }, duplicates: Array<{ claimId: string, amount: string, status: ClaimStatus, reasons: Array<string>, createdAt: string }>, documents: Array<{ id: string, fileName: string, mediaType: string, byteSize: number, sha256: string, uploadedAt: string, uploadedByUsername: string }>, history: Array<{ id: string, action: ClaimAction, fromStatus: ClaimStatus | null, toStatus: ClaimStatus, amount: string | null, reason: string | null, actorId: string | null, actorUsername: string, at: string }> } }> } };

export type DrawdownRowFragment = { id: string, status: ClaimStatus, createdAt: string, medicalRecordNumber: string, patientName: string, amount: string, paidAmount: string, refundedAmount: string, sp2dNumber: string | null, sp2dDate: string | null };

export type DrawdownsQueryVariables = Exact<{
  filter?: DrawdownFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type DrawdownsQuery = { drawdowns: { totalCount: number, totals: { requested: string, held: string, paid: string, refunded: string }, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: ClaimStatus, createdAt: string, medicalRecordNumber: string, patientName: string, amount: string, paidAmount: string, refundedAmount: string, sp2dNumber: string | null, sp2dDate: string | null } }> } };

export type BalanceSeriesQueryVariables = Exact<{
  fundId: string | number;
  from: string;
  to: string;
  unit: SeriesUnit;
}>;


export type BalanceSeriesQuery = { fundBalanceSeries: Array<{ start: string, asOf: string, available: string, held: string, paid: string }> };

export type VerifyLedgerQueryVariables = Exact<{
  fundId: string | number;
}>;


export type VerifyLedgerQuery = { verifyLedger: { valid: boolean, entriesChecked: number, headHash: string, firstBrokenEntryId: string | null, changedDocumentIds: Array<string> } };

export type ClaimChangedSubscriptionVariables = Exact<{
  fundId: string | number;
}>;


export type ClaimChangedSubscription = { claimChanged: { claimId: string, status: ClaimStatus, action: ClaimAction, seq: string } };

export type FundBalanceChangedSubscriptionVariables = Exact<{
  fundId: string | number;
}>;


export type FundBalanceChangedSubscription = { fundBalanceChanged: { seq: number, available: string, held: string, paid: string, at: string } };

export type OpenFundMutationVariables = Exact<{
  input: OpenFundInput;
}>;


export type OpenFundMutation = { openFund: { id: string, name: string, fiscalYear: number, ceiling: string, closedAt: string | null } };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, mustChangePassword: boolean, user: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, mustChangePassword: boolean } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, mustChangePassword: boolean } };

export type SessionUserFragment = { id: string, username: string, roles: Array<Role>, wardIds: Array<string>, mustChangePassword: boolean };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type WardsQueryVariables = Exact<{ [key: string]: never; }>;


export type WardsQuery = { hospitals: Array<{ code: string, name: string, wards: Array<{ id: string, code: string, name: string, service: string }> }> };

export type WardRoomsQueryVariables = Exact<{
  id: string | number;
}>;


export type WardRoomsQuery = { ward: { rooms: Array<{ id: string, code: string, name: string, sexPolicy: SexPolicy }> } };

export type BedStateFragment = { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null };

export type BedNowQueryVariables = Exact<{
  id: string | number;
}>;


export type BedNowQuery = { bed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } };

export type BedChangedSubscriptionVariables = Exact<{
  wardId: string | number;
}>;


export type BedChangedSubscription = { bedChanged: { bedId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } };

export type FreeBedsQueryVariables = Exact<{
  hospitalCode: string;
  bedClass: BedClass;
  first?: number | null | undefined;
}>;


export type FreeBedsQuery = { freeBeds: Array<{ wardAvailable: number, bed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null }, ward: { id: string, name: string } }> };

export type AdmitPatientMutationVariables = Exact<{
  input: AdmitPatientInput;
}>;


export type AdmitPatientMutation = { admitPatient: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } };

export type DischargePatientMutationVariables = Exact<{
  input: DischargePatientInput;
}>;


export type DischargePatientMutation = { dischargePatient: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } };

export type TransferPatientMutationVariables = Exact<{
  input: TransferPatientInput;
}>;


export type TransferPatientMutation = { transferPatient: { fromBed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null }, toBed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } } };

export type ChangeBedStatusMutationVariables = Exact<{
  input: ChangeBedStatusInput;
}>;


export type ChangeBedStatusMutation = { changeBedStatus: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string, roomId: string, reservedUntil: string | null, reservationPurpose: ReservationPurpose | null } };

export type WaitingListQueryVariables = Exact<{
  wardId: string | number;
  bedClass: BedClass;
}>;


export type WaitingListQuery = { waitingList: Array<{ id: string, patientReference: string, emergency: boolean, addedAt: string, wardId: string | null }> };

export type ReservationHoursQueryVariables = Exact<{ [key: string]: never; }>;


export type ReservationHoursQuery = { reservationHours: number };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const HospitalProfileFragmentDoc = new TypedDocumentString(`
    fragment HospitalProfile on Hospital {
  id
  code
  name
  city
  address
  phone
  rsOnlineCode
  demo
}
    `, {"fragmentName":"HospitalProfile"}) as unknown as TypedDocumentString<HospitalProfileFragment, unknown>;
export const WardRowFragmentDoc = new TypedDocumentString(`
    fragment WardRow on Ward {
  id
  code
  name
  service
}
    `, {"fragmentName":"WardRow"}) as unknown as TypedDocumentString<WardRowFragment, unknown>;
export const RoomRowFragmentDoc = new TypedDocumentString(`
    fragment RoomRow on Room {
  id
  wardId
  code
  name
  sexPolicy
  kris
}
    `, {"fragmentName":"RoomRow"}) as unknown as TypedDocumentString<RoomRowFragment, unknown>;
export const BedRowFragmentDoc = new TypedDocumentString(`
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}
    `, {"fragmentName":"BedRow"}) as unknown as TypedDocumentString<BedRowFragment, unknown>;
export const UserRowFragmentDoc = new TypedDocumentString(`
    fragment UserRow on User {
  id
  username
  roles
  wardIds
  disabled
  mustChangePassword
  createdAt
}
    `, {"fragmentName":"UserRow"}) as unknown as TypedDocumentString<UserRowFragment, unknown>;
export const ImportCountsViewFragmentDoc = new TypedDocumentString(`
    fragment ImportCountsView on ImportCounts {
  created
  updated
  retired
  reopened
  unchanged
  createdCodes
  updatedCodes
  retiredCodes
  reopenedCodes
  unchangedCodes
}
    `, {"fragmentName":"ImportCountsView"}) as unknown as TypedDocumentString<ImportCountsViewFragment, unknown>;
export const ImportReportViewFragmentDoc = new TypedDocumentString(`
    fragment ImportReportView on ImportReport {
  hospitalCode
  dryRun
  wards {
    ...ImportCountsView
  }
  rooms {
    ...ImportCountsView
  }
  beds {
    ...ImportCountsView
  }
}
    fragment ImportCountsView on ImportCounts {
  created
  updated
  retired
  reopened
  unchanged
  createdCodes
  updatedCodes
  retiredCodes
  reopenedCodes
  unchangedCodes
}`, {"fragmentName":"ImportReportView"}) as unknown as TypedDocumentString<ImportReportViewFragment, unknown>;
export const ClaimDocumentFieldsFragmentDoc = new TypedDocumentString(`
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
    `, {"fragmentName":"ClaimDocumentFields"}) as unknown as TypedDocumentString<ClaimDocumentFieldsFragment, unknown>;
export const ClaimEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
    `, {"fragmentName":"ClaimEventFields"}) as unknown as TypedDocumentString<ClaimEventFieldsFragment, unknown>;
export const OwnClaimFragmentDoc = new TypedDocumentString(`
    fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}`, {"fragmentName":"OwnClaim"}) as unknown as TypedDocumentString<OwnClaimFragment, unknown>;
export const ReviewClaimFragmentDoc = new TypedDocumentString(`
    fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}`, {"fragmentName":"ReviewClaim"}) as unknown as TypedDocumentString<ReviewClaimFragment, unknown>;
export const DrawdownRowFragmentDoc = new TypedDocumentString(`
    fragment DrawdownRow on Claim {
  id
  status
  createdAt
  medicalRecordNumber
  patientName
  amount
  paidAmount
  refundedAmount
  sp2dNumber
  sp2dDate
}
    `, {"fragmentName":"DrawdownRow"}) as unknown as TypedDocumentString<DrawdownRowFragment, unknown>;
export const SessionUserFragmentDoc = new TypedDocumentString(`
    fragment SessionUser on User {
  id
  username
  roles
  wardIds
  mustChangePassword
}
    `, {"fragmentName":"SessionUser"}) as unknown as TypedDocumentString<SessionUserFragment, unknown>;
export const BedStateFragmentDoc = new TypedDocumentString(`
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}
    `, {"fragmentName":"BedState"}) as unknown as TypedDocumentString<BedStateFragment, unknown>;
export const AdminHospitalsDocument = new TypedDocumentString(`
    query AdminHospitals {
  hospitals {
    ...HospitalProfile
    wards {
      ...WardRow
    }
  }
}
    fragment HospitalProfile on Hospital {
  id
  code
  name
  city
  address
  phone
  rsOnlineCode
  demo
}
fragment WardRow on Ward {
  id
  code
  name
  service
}`) as unknown as TypedDocumentString<AdminHospitalsQuery, AdminHospitalsQueryVariables>;
export const AdminRoomsDocument = new TypedDocumentString(`
    query AdminRooms($wardId: ID!) {
  ward(id: $wardId) {
    id
    rooms {
      ...RoomRow
    }
  }
}
    fragment RoomRow on Room {
  id
  wardId
  code
  name
  sexPolicy
  kris
}`) as unknown as TypedDocumentString<AdminRoomsQuery, AdminRoomsQueryVariables>;
export const AdminBedsDocument = new TypedDocumentString(`
    query AdminBeds($roomId: ID!, $retired: Boolean) {
  beds(filter: {roomId: $roomId, retired: $retired}, first: 200) {
    edges {
      node {
        ...BedRow
      }
    }
  }
}
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}`) as unknown as TypedDocumentString<AdminBedsQuery, AdminBedsQueryVariables>;
export const CreateHospitalDocument = new TypedDocumentString(`
    mutation CreateHospital($input: CreateHospitalInput!) {
  createHospital(input: $input) {
    ...HospitalProfile
  }
}
    fragment HospitalProfile on Hospital {
  id
  code
  name
  city
  address
  phone
  rsOnlineCode
  demo
}`) as unknown as TypedDocumentString<CreateHospitalMutation, CreateHospitalMutationVariables>;
export const UpdateHospitalDocument = new TypedDocumentString(`
    mutation UpdateHospital($input: UpdateHospitalInput!) {
  updateHospital(input: $input) {
    ...HospitalProfile
  }
}
    fragment HospitalProfile on Hospital {
  id
  code
  name
  city
  address
  phone
  rsOnlineCode
  demo
}`) as unknown as TypedDocumentString<UpdateHospitalMutation, UpdateHospitalMutationVariables>;
export const CreateWardDocument = new TypedDocumentString(`
    mutation CreateWard($input: CreateWardInput!) {
  createWard(input: $input) {
    ...WardRow
  }
}
    fragment WardRow on Ward {
  id
  code
  name
  service
}`) as unknown as TypedDocumentString<CreateWardMutation, CreateWardMutationVariables>;
export const UpdateWardDocument = new TypedDocumentString(`
    mutation UpdateWard($input: UpdateWardInput!) {
  updateWard(input: $input) {
    ...WardRow
  }
}
    fragment WardRow on Ward {
  id
  code
  name
  service
}`) as unknown as TypedDocumentString<UpdateWardMutation, UpdateWardMutationVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($input: CreateRoomInput!) {
  createRoom(input: $input) {
    ...RoomRow
  }
}
    fragment RoomRow on Room {
  id
  wardId
  code
  name
  sexPolicy
  kris
}`) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const UpdateRoomDocument = new TypedDocumentString(`
    mutation UpdateRoom($input: UpdateRoomInput!) {
  updateRoom(input: $input) {
    ...RoomRow
  }
}
    fragment RoomRow on Room {
  id
  wardId
  code
  name
  sexPolicy
  kris
}`) as unknown as TypedDocumentString<UpdateRoomMutation, UpdateRoomMutationVariables>;
export const CreateBedDocument = new TypedDocumentString(`
    mutation CreateBed($input: CreateBedInput!) {
  createBed(input: $input) {
    ...BedRow
  }
}
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}`) as unknown as TypedDocumentString<CreateBedMutation, CreateBedMutationVariables>;
export const UpdateBedDocument = new TypedDocumentString(`
    mutation UpdateBed($input: UpdateBedInput!) {
  updateBed(input: $input) {
    ...BedRow
  }
}
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}`) as unknown as TypedDocumentString<UpdateBedMutation, UpdateBedMutationVariables>;
export const RetireBedDocument = new TypedDocumentString(`
    mutation RetireBed($id: ID!) {
  retireBed(id: $id) {
    ...BedRow
  }
}
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}`) as unknown as TypedDocumentString<RetireBedMutation, RetireBedMutationVariables>;
export const ReopenBedDocument = new TypedDocumentString(`
    mutation ReopenBed($id: ID!) {
  reopenBed(id: $id) {
    ...BedRow
  }
}
    fragment BedRow on Bed {
  id
  roomId
  wardId
  code
  bedClass
  status
  retiredAt
}`) as unknown as TypedDocumentString<ReopenBedMutation, ReopenBedMutationVariables>;
export const SetupAuditDocument = new TypedDocumentString(`
    query SetupAudit($after: String) {
  setupAudit(first: 50, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        id
        at
        actorUsername
        entity
        action
        before
        after
        via
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SetupAuditQuery, SetupAuditQueryVariables>;
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers($after: String) {
  users(first: 200, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        ...UserRow
      }
    }
  }
}
    fragment UserRow on User {
  id
  username
  roles
  wardIds
  disabled
  mustChangePassword
  createdAt
}`) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    ...UserRow
  }
}
    fragment UserRow on User {
  id
  username
  roles
  wardIds
  disabled
  mustChangePassword
  createdAt
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) {
    ...UserRow
  }
}
    fragment UserRow on User {
  id
  username
  roles
  wardIds
  disabled
  mustChangePassword
  createdAt
}`) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($id: ID!) {
  resetPassword(id: $id) {
    temporaryPassword
  }
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const UnlockUserDocument = new TypedDocumentString(`
    mutation UnlockUser($id: ID!) {
  unlockUser(id: $id) {
    ...UserRow
  }
}
    fragment UserRow on User {
  id
  username
  roles
  wardIds
  disabled
  mustChangePassword
  createdAt
}`) as unknown as TypedDocumentString<UnlockUserMutation, UnlockUserMutationVariables>;
export const FundsDocument = new TypedDocumentString(`
    query Funds {
  funds {
    id
    name
    fiscalYear
    ceiling
    closedAt
  }
}
    `) as unknown as TypedDocumentString<FundsQuery, FundsQueryVariables>;
export const FundBalanceNowDocument = new TypedDocumentString(`
    query FundBalanceNow($fundId: ID!) {
  fundBalance(fundId: $fundId) {
    available
    held
    paid
    asOf
  }
}
    `) as unknown as TypedDocumentString<FundBalanceNowQuery, FundBalanceNowQueryVariables>;
export const AdmissionWardsDocument = new TypedDocumentString(`
    query AdmissionWards {
  hospitals {
    code
    name
    wards {
      id
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<AdmissionWardsQuery, AdmissionWardsQueryVariables>;
export const OccupiedBedsDocument = new TypedDocumentString(`
    query OccupiedBeds($wardId: ID!) {
  beds(filter: {wardId: $wardId, status: OCCUPIED}, first: 200) {
    edges {
      node {
        id
        code
        currentAdmission {
          id
          medicalRecordNumber
          emergency
          payerStatus
          admittedAt
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OccupiedBedsQuery, OccupiedBedsQueryVariables>;
export const SubmitClaimDocument = new TypedDocumentString(`
    mutation SubmitClaim($input: SubmitClaimInput!) {
  submitClaim(input: $input) {
    ...OwnClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}`) as unknown as TypedDocumentString<SubmitClaimMutation, SubmitClaimMutationVariables>;
export const OwnClaimNowDocument = new TypedDocumentString(`
    query OwnClaimNow($id: ID!) {
  claim(id: $id) {
    ...OwnClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}`) as unknown as TypedDocumentString<OwnClaimNowQuery, OwnClaimNowQueryVariables>;
export const ReviewClaimNowDocument = new TypedDocumentString(`
    query ReviewClaimNow($id: ID!) {
  claim(id: $id) {
    ...ReviewClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<ReviewClaimNowQuery, ReviewClaimNowQueryVariables>;
export const VerificationQueueDocument = new TypedDocumentString(`
    query VerificationQueue($fundId: ID!, $after: String) {
  verificationQueue(fundId: $fundId, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ReviewClaim
      }
    }
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<VerificationQueueQuery, VerificationQueueQueryVariables>;
export const VerifyClaimDocument = new TypedDocumentString(`
    mutation VerifyClaim($id: ID!, $amount: Rupiah) {
  verifyClaim(id: $id, amount: $amount) {
    ...ReviewClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<VerifyClaimMutation, VerifyClaimMutationVariables>;
export const RejectClaimDocument = new TypedDocumentString(`
    mutation RejectClaim($id: ID!, $reason: String!) {
  rejectClaim(id: $id, reason: $reason) {
    ...ReviewClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<RejectClaimMutation, RejectClaimMutationVariables>;
export const PayClaimDocument = new TypedDocumentString(`
    mutation PayClaim($id: ID!, $amount: Rupiah!, $sp2dNumber: String!, $sp2dDate: String!) {
  payClaim(id: $id, amount: $amount, sp2dNumber: $sp2dNumber, sp2dDate: $sp2dDate) {
    ...ReviewClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<PayClaimMutation, PayClaimMutationVariables>;
export const RefundClaimDocument = new TypedDocumentString(`
    mutation RefundClaim($id: ID!, $amount: Rupiah!, $reason: String!) {
  refundClaim(id: $id, amount: $amount, reason: $reason) {
    ...ReviewClaim
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<RefundClaimMutation, RefundClaimMutationVariables>;
export const CloseFundDocument = new TypedDocumentString(`
    mutation CloseFund($fundId: ID!) {
  closeFund(fundId: $fundId) {
    id
    closedAt
  }
}
    `) as unknown as TypedDocumentString<CloseFundMutation, CloseFundMutationVariables>;
export const ReviewListDocument = new TypedDocumentString(`
    query ReviewList($filter: DrawdownFilter, $after: String) {
  drawdowns(filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ReviewClaim
      }
    }
  }
}
    fragment ClaimDocumentFields on ClaimDocument {
  id
  fileName
  mediaType
  byteSize
  sha256
  uploadedAt
  uploadedByUsername
}
fragment ClaimEventFields on ClaimEvent {
  id
  action
  fromStatus
  toStatus
  amount
  reason
  actorId
  actorUsername
  at
}
fragment OwnClaim on Claim {
  id
  status
  medicalRecordNumber
  patientName
  amount
  heldAmount
  verifiedAmount
  paidAmount
  refundedAmount
  rejectReason
  createdAt
  heldAt
  sp2dNumber
  sp2dDate
  documents {
    ...ClaimDocumentFields
  }
  history {
    ...ClaimEventFields
  }
}
fragment ReviewClaim on Claim {
  ...OwnClaim
  fundId
  submittedBy
  nik
  emergency
  payerStatus
  admissionId
  paymentOverdueAt
  verifiedAt
  evidence {
    payerStatusSeen
    source
    ground
    checkedBy
    nikPresent
    bpjsStatus
  }
  duplicates {
    claimId
    amount
    status
    reasons
    createdAt
  }
}`) as unknown as TypedDocumentString<ReviewListQuery, ReviewListQueryVariables>;
export const DrawdownsDocument = new TypedDocumentString(`
    query Drawdowns($filter: DrawdownFilter, $after: String) {
  drawdowns(filter: $filter, first: 50, after: $after) {
    totalCount
    totals {
      requested
      held
      paid
      refunded
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...DrawdownRow
      }
    }
  }
}
    fragment DrawdownRow on Claim {
  id
  status
  createdAt
  medicalRecordNumber
  patientName
  amount
  paidAmount
  refundedAmount
  sp2dNumber
  sp2dDate
}`) as unknown as TypedDocumentString<DrawdownsQuery, DrawdownsQueryVariables>;
export const BalanceSeriesDocument = new TypedDocumentString(`
    query BalanceSeries($fundId: ID!, $from: DateTime!, $to: DateTime!, $unit: SeriesUnit!) {
  fundBalanceSeries(fundId: $fundId, from: $from, to: $to, unit: $unit) {
    start
    asOf
    available
    held
    paid
  }
}
    `) as unknown as TypedDocumentString<BalanceSeriesQuery, BalanceSeriesQueryVariables>;
export const VerifyLedgerDocument = new TypedDocumentString(`
    query VerifyLedger($fundId: ID!) {
  verifyLedger(fundId: $fundId) {
    valid
    entriesChecked
    headHash
    firstBrokenEntryId
    changedDocumentIds
  }
}
    `) as unknown as TypedDocumentString<VerifyLedgerQuery, VerifyLedgerQueryVariables>;
export const ClaimChangedDocument = new TypedDocumentString(`
    subscription ClaimChanged($fundId: ID!) {
  claimChanged(fundId: $fundId) {
    claimId
    status
    action
    seq
  }
}
    `) as unknown as TypedDocumentString<ClaimChangedSubscription, ClaimChangedSubscriptionVariables>;
export const FundBalanceChangedDocument = new TypedDocumentString(`
    subscription FundBalanceChanged($fundId: ID!) {
  fundBalanceChanged(fundId: $fundId) {
    seq
    available
    held
    paid
    at
  }
}
    `) as unknown as TypedDocumentString<FundBalanceChangedSubscription, FundBalanceChangedSubscriptionVariables>;
export const OpenFundDocument = new TypedDocumentString(`
    mutation OpenFund($input: OpenFundInput!) {
  openFund(input: $input) {
    id
    name
    fiscalYear
    ceiling
    closedAt
  }
}
    `) as unknown as TypedDocumentString<OpenFundMutation, OpenFundMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
    expiresAt
    mustChangePassword
    user {
      ...SessionUser
    }
  }
}
    fragment SessionUser on User {
  id
  username
  roles
  wardIds
  mustChangePassword
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...SessionUser
  }
}
    fragment SessionUser on User {
  id
  username
  roles
  wardIds
  mustChangePassword
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input)
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const WardsDocument = new TypedDocumentString(`
    query Wards {
  hospitals {
    code
    name
    wards {
      id
      code
      name
      service
    }
  }
}
    `) as unknown as TypedDocumentString<WardsQuery, WardsQueryVariables>;
export const WardRoomsDocument = new TypedDocumentString(`
    query WardRooms($id: ID!) {
  ward(id: $id) {
    rooms {
      id
      code
      name
      sexPolicy
    }
  }
}
    `) as unknown as TypedDocumentString<WardRoomsQuery, WardRoomsQueryVariables>;
export const BedNowDocument = new TypedDocumentString(`
    query BedNow($id: ID!) {
  bed(id: $id) {
    ...BedState
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<BedNowQuery, BedNowQueryVariables>;
export const BedChangedDocument = new TypedDocumentString(`
    subscription BedChanged($wardId: ID!) {
  bedChanged(wardId: $wardId) {
    bedId
    wardId
    code
    bedClass
    status
    statusSince
    version
    roomId
    reservedUntil
    reservationPurpose
  }
}
    `) as unknown as TypedDocumentString<BedChangedSubscription, BedChangedSubscriptionVariables>;
export const FreeBedsDocument = new TypedDocumentString(`
    query FreeBeds($hospitalCode: String!, $bedClass: BedClass!, $first: Int) {
  freeBeds(hospitalCode: $hospitalCode, bedClass: $bedClass, first: $first) {
    bed {
      ...BedState
    }
    ward {
      id
      name
    }
    wardAvailable
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<FreeBedsQuery, FreeBedsQueryVariables>;
export const AdmitPatientDocument = new TypedDocumentString(`
    mutation AdmitPatient($input: AdmitPatientInput!) {
  admitPatient(input: $input) {
    ...BedState
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<AdmitPatientMutation, AdmitPatientMutationVariables>;
export const DischargePatientDocument = new TypedDocumentString(`
    mutation DischargePatient($input: DischargePatientInput!) {
  dischargePatient(input: $input) {
    ...BedState
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<DischargePatientMutation, DischargePatientMutationVariables>;
export const TransferPatientDocument = new TypedDocumentString(`
    mutation TransferPatient($input: TransferPatientInput!) {
  transferPatient(input: $input) {
    fromBed {
      ...BedState
    }
    toBed {
      ...BedState
    }
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<TransferPatientMutation, TransferPatientMutationVariables>;
export const ChangeBedStatusDocument = new TypedDocumentString(`
    mutation ChangeBedStatus($input: ChangeBedStatusInput!) {
  changeBedStatus(input: $input) {
    ...BedState
  }
}
    fragment BedState on Bed {
  id
  code
  bedClass
  status
  statusSince
  version
  wardId
  roomId
  reservedUntil
  reservationPurpose
}`) as unknown as TypedDocumentString<ChangeBedStatusMutation, ChangeBedStatusMutationVariables>;
export const WaitingListDocument = new TypedDocumentString(`
    query WaitingList($wardId: ID!, $bedClass: BedClass!) {
  waitingList(wardId: $wardId, bedClass: $bedClass) {
    id
    patientReference
    emergency
    addedAt
    wardId
  }
}
    `) as unknown as TypedDocumentString<WaitingListQuery, WaitingListQueryVariables>;
export const ReservationHoursDocument = new TypedDocumentString(`
    query ReservationHours {
  reservationHours
}
    `) as unknown as TypedDocumentString<ReservationHoursQuery, ReservationHoursQueryVariables>;