/**
 * How other modules' reads may join the hospitals' tables: the ward as `w` and its hospital as
 * `h` (columns w.id, w.code, w.name, w.service, w.hospital_id, h.id, h.code, h.name). The
 * tables stay the hospitals module's; this is the one shape it lends out for joins.
 */
export const WARDS_WITH_HOSPITALS = 'wards w JOIN hospitals h ON h.id = w.hospital_id';

/** Joins the ward named by `wardIdColumn` (as `w`) and its hospital (as `h`). */
export function joinWardAndHospital(wardIdColumn: string): string {
  return `JOIN wards w ON w.id = ${wardIdColumn} JOIN hospitals h ON h.id = w.hospital_id`;
}

/** Joins the hospital named by `hospitalIdColumn` (as `h`). */
export function joinHospital(hospitalIdColumn: string): string {
  return `JOIN hospitals h ON h.id = ${hospitalIdColumn}`;
}

/** Joins the room named by `roomIdColumn` (as `r`; columns r.id, r.code, r.sex_policy). */
export function joinRoom(roomIdColumn: string): string {
  return `JOIN rooms r ON r.id = ${roomIdColumn}`;
}

/** Joins the hospital named by `hospitalIdColumn` (as `h`), when there is one (a service-wide user has none). */
export function leftJoinHospital(hospitalIdColumn: string): string {
  return `LEFT JOIN hospitals h ON h.id = ${hospitalIdColumn}`;
}
