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
