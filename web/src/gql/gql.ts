/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    token\n    expiresAt\n    mustChangePassword\n    user {\n      ...SessionUser\n    }\n  }\n}\n\nquery Me {\n  me {\n    ...SessionUser\n  }\n}\n\nfragment SessionUser on User {\n  id\n  username\n  roles\n  wardIds\n  mustChangePassword\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}": typeof types.LoginDocument,
    "query Wards {\n  hospitals {\n    code\n    name\n    wards {\n      id\n      code\n      name\n      service\n    }\n  }\n}\n\nfragment BedState on Bed {\n  id\n  code\n  bedClass\n  status\n  statusSince\n  version\n  wardId\n}\n\nquery BedNow($id: ID!) {\n  bed(id: $id) {\n    ...BedState\n  }\n}\n\nsubscription BedChanged($wardId: ID!) {\n  bedChanged(wardId: $wardId) {\n    bedId\n    wardId\n    code\n    bedClass\n    status\n    statusSince\n    version\n  }\n}\n\nquery FreeBeds($hospitalCode: String!, $bedClass: BedClass!, $first: Int) {\n  freeBeds(hospitalCode: $hospitalCode, bedClass: $bedClass, first: $first) {\n    bed {\n      ...BedState\n    }\n    ward {\n      id\n      name\n    }\n    wardAvailable\n  }\n}\n\nmutation AdmitPatient($input: AdmitPatientInput!) {\n  admitPatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation DischargePatient($input: DischargePatientInput!) {\n  dischargePatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation TransferPatient($input: TransferPatientInput!) {\n  transferPatient(input: $input) {\n    fromBed {\n      ...BedState\n    }\n    toBed {\n      ...BedState\n    }\n  }\n}\n\nmutation ChangeBedStatus($input: ChangeBedStatusInput!) {\n  changeBedStatus(input: $input) {\n    ...BedState\n  }\n}": typeof types.WardsDocument,
};
const documents: Documents = {
    "mutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    token\n    expiresAt\n    mustChangePassword\n    user {\n      ...SessionUser\n    }\n  }\n}\n\nquery Me {\n  me {\n    ...SessionUser\n  }\n}\n\nfragment SessionUser on User {\n  id\n  username\n  roles\n  wardIds\n  mustChangePassword\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}": types.LoginDocument,
    "query Wards {\n  hospitals {\n    code\n    name\n    wards {\n      id\n      code\n      name\n      service\n    }\n  }\n}\n\nfragment BedState on Bed {\n  id\n  code\n  bedClass\n  status\n  statusSince\n  version\n  wardId\n}\n\nquery BedNow($id: ID!) {\n  bed(id: $id) {\n    ...BedState\n  }\n}\n\nsubscription BedChanged($wardId: ID!) {\n  bedChanged(wardId: $wardId) {\n    bedId\n    wardId\n    code\n    bedClass\n    status\n    statusSince\n    version\n  }\n}\n\nquery FreeBeds($hospitalCode: String!, $bedClass: BedClass!, $first: Int) {\n  freeBeds(hospitalCode: $hospitalCode, bedClass: $bedClass, first: $first) {\n    bed {\n      ...BedState\n    }\n    ward {\n      id\n      name\n    }\n    wardAvailable\n  }\n}\n\nmutation AdmitPatient($input: AdmitPatientInput!) {\n  admitPatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation DischargePatient($input: DischargePatientInput!) {\n  dischargePatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation TransferPatient($input: TransferPatientInput!) {\n  transferPatient(input: $input) {\n    fromBed {\n      ...BedState\n    }\n    toBed {\n      ...BedState\n    }\n  }\n}\n\nmutation ChangeBedStatus($input: ChangeBedStatusInput!) {\n  changeBedStatus(input: $input) {\n    ...BedState\n  }\n}": types.WardsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    token\n    expiresAt\n    mustChangePassword\n    user {\n      ...SessionUser\n    }\n  }\n}\n\nquery Me {\n  me {\n    ...SessionUser\n  }\n}\n\nfragment SessionUser on User {\n  id\n  username\n  roles\n  wardIds\n  mustChangePassword\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Wards {\n  hospitals {\n    code\n    name\n    wards {\n      id\n      code\n      name\n      service\n    }\n  }\n}\n\nfragment BedState on Bed {\n  id\n  code\n  bedClass\n  status\n  statusSince\n  version\n  wardId\n}\n\nquery BedNow($id: ID!) {\n  bed(id: $id) {\n    ...BedState\n  }\n}\n\nsubscription BedChanged($wardId: ID!) {\n  bedChanged(wardId: $wardId) {\n    bedId\n    wardId\n    code\n    bedClass\n    status\n    statusSince\n    version\n  }\n}\n\nquery FreeBeds($hospitalCode: String!, $bedClass: BedClass!, $first: Int) {\n  freeBeds(hospitalCode: $hospitalCode, bedClass: $bedClass, first: $first) {\n    bed {\n      ...BedState\n    }\n    ward {\n      id\n      name\n    }\n    wardAvailable\n  }\n}\n\nmutation AdmitPatient($input: AdmitPatientInput!) {\n  admitPatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation DischargePatient($input: DischargePatientInput!) {\n  dischargePatient(input: $input) {\n    ...BedState\n  }\n}\n\nmutation TransferPatient($input: TransferPatientInput!) {\n  transferPatient(input: $input) {\n    fromBed {\n      ...BedState\n    }\n    toBed {\n      ...BedState\n    }\n  }\n}\n\nmutation ChangeBedStatus($input: ChangeBedStatusInput!) {\n  changeBedStatus(input: $input) {\n    ...BedState\n  }\n}"): typeof import('./graphql').WardsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
