import { AVAILABILITY_BUCKET, BED_STATUSES, type AvailabilityBucket } from './bed-status';

export const BUCKETS: AvailabilityBucket[] = ['available', 'occupied', 'reserved', 'cleaning', 'closed'];

/**
 * `count(*) FILTER (...) AS <bucket>` for each public counter, derived from the status
 * machine's bucket table so a recount can never disagree with the live counters' rules.
 */
export function bucketCountColumns(): string {
  return BUCKETS.map((bucket) => {
    const statuses = BED_STATUSES.filter((s) => AVAILABILITY_BUCKET[s] === bucket).map((s) => `'${s}'`);
    return `count(*) FILTER (WHERE status IN (${statuses.join(', ')}))::int AS ${bucket}`;
  }).join(',\n ');
}
