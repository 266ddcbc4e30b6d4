#!/bin/sh
# Scheduled backups for compose: a pg_dump -Fc of the service's database every
# BACKUP_INTERVAL_SECONDS into /backups, keeping the newest BACKUP_KEEP. Runs in the
# PostgreSQL image, so pg_dump matches the server. Same names as `npm run backup`
# (siranap-YYYYMMDDTHHMMSSZ.dump), restored with `npm run restore -- <file>` or pg_restore.
set -eu
: "${PGHOST:?}" "${PGUSER:?}" "${PGDATABASE:?}" "${PGPASSWORD:?}"
interval="${BACKUP_INTERVAL_SECONDS:-86400}"
keep="${BACKUP_KEEP:-14}"
while true; do
  file="/backups/siranap-$(date -u +%Y%m%dT%H%M%SZ).dump"
  if pg_dump --format=custom --no-owner --no-privileges --file="$file.partial"; then
    mv "$file.partial" "$file"
    echo "backup written: $file"
    ls -1 /backups/siranap-*.dump 2>/dev/null | sort -r | tail -n +"$((keep + 1))" | xargs -r rm -f
  else
    rm -f "$file.partial"
    echo "backup failed; next try in $interval s" >&2
  fi
  sleep "$interval"
done
