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

export type DischargePatientInput = {
  bedId: string | number;
  /** The patient was infectious: the bed needs terminal disinfection (CONTAMINATED) before cleaning. */
  contaminated?: boolean;
  /** The patient died (true) or left alive (false); leave out when not known. Counted in bedIndicators. */
  died?: boolean | null | undefined;
  /** The version of the bed you saw; a stale one is refused with VERSION_CONFLICT. */
  expectedVersion: number;
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

export type TransferPatientInput = {
  fromBedId: string | number;
  fromVersion: number;
  reason: string;
  /** The patient's sex, recorded on the admission when it was not yet; it must match a recorded one. */
  sex?: PatientSex | null | undefined;
  toBedId: string | number;
  toVersion: number;
};

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

export type BedStateFragment = { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string };

export type BedNowQueryVariables = Exact<{
  id: string | number;
}>;


export type BedNowQuery = { bed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string } };

export type BedChangedSubscriptionVariables = Exact<{
  wardId: string | number;
}>;


export type BedChangedSubscription = { bedChanged: { bedId: string, wardId: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number } };

export type FreeBedsQueryVariables = Exact<{
  hospitalCode: string;
  bedClass: BedClass;
  first?: number | null | undefined;
}>;


export type FreeBedsQuery = { freeBeds: Array<{ wardAvailable: number, bed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string }, ward: { id: string, name: string } }> };

export type AdmitPatientMutationVariables = Exact<{
  input: AdmitPatientInput;
}>;


export type AdmitPatientMutation = { admitPatient: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string } };

export type DischargePatientMutationVariables = Exact<{
  input: DischargePatientInput;
}>;


export type DischargePatientMutation = { dischargePatient: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string } };

export type TransferPatientMutationVariables = Exact<{
  input: TransferPatientInput;
}>;


export type TransferPatientMutation = { transferPatient: { fromBed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string }, toBed: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string } } };

export type ChangeBedStatusMutationVariables = Exact<{
  input: ChangeBedStatusInput;
}>;


export type ChangeBedStatusMutation = { changeBedStatus: { id: string, code: string, bedClass: BedClass, status: BedStatus, statusSince: string, version: number, wardId: string } };

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
}
    `, {"fragmentName":"BedState"}) as unknown as TypedDocumentString<BedStateFragment, unknown>;
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
}`) as unknown as TypedDocumentString<ChangeBedStatusMutation, ChangeBedStatusMutationVariables>;