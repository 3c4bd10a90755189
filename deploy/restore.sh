#!/usr/bin/env bash
# Restore a backup of deploy/backup.sh into a NEW database and a NEW media
# directory; nothing existing is overwritten. Then point DATABASE_URL and
# MEDIA_ROOT at them and restart the site (README, "Backups and restore").
#
#   deploy/restore.sh BACKUP NEW_DATABASE NEW_MEDIA_ROOT [--owner ROLE] [--media-owner USER]
#
#   sudo deploy/restore.sh /var/backups/keepitlocal/20260101T023000Z \
#       keepitlocal_restored /srv/keepitlocal/media-restored \
#       --owner keepitlocal --media-owner keepitlocal
#
# BACKUP is one dated directory of BACKUP_DIR. The database server is the one
# libpq's PGHOST, PGPORT and PGUSER name; run as root with none of them set, the
# database commands run as the local "postgres" user (Debian's peer login). That
# user must be allowed to create databases. --owner makes ROLE (the app's database
# user) the owner of the new database and everything in it; --media-owner gives
# the restored files to USER. NEW_MEDIA_ROOT must not exist or be empty.
set -euo pipefail

usage() {
    echo "usage: $0 BACKUP NEW_DATABASE NEW_MEDIA_ROOT [--owner ROLE]" >&2
    exit 2
}
[ $# -ge 3 ] || usage
backup=$1 database=$2 media=$3
shift 3
owner="" media_owner=""
while [ $# -gt 0 ]; do
    case $1 in
        --owner) [ $# -ge 2 ] || usage; owner=$2; shift 2 ;;
        --media-owner) [ $# -ge 2 ] || usage; media_owner=$2; shift 2 ;;
        *) usage ;;
    esac
done

[ -f "$backup/database.dump" ] || { echo "No database.dump in $backup" >&2; exit 1; }
if [[ ! "$database" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    echo "The database name may hold letters, digits and _ only" >&2
    exit 2
fi
if [ -e "$media" ] && [ -n "$(ls -A "$media")" ]; then
    echo "$media is not empty: give a new directory for the media" >&2
    exit 1
fi
if [ -f "$backup/SHA256SUMS" ]; then
    (cd "$backup" && sha256sum --check --quiet SHA256SUMS)
fi

# As root on a Debian server: PostgreSQL's own superuser, over the local socket.
as_db=()
if [ "$(id -u)" = 0 ] && [ -z "${PGUSER:-}${PGHOST:-}" ]; then
    as_db=(runuser -u postgres --)
fi

exists=$("${as_db[@]}" psql -d postgres -XAtc "SELECT 1 FROM pg_database WHERE datname = '$database'")
if [ "$exists" = 1 ]; then
    echo "The database $database exists already: give a new name" >&2
    exit 1
fi

if [ -n "$owner" ]; then
    "${as_db[@]}" createdb --owner="$owner" "$database"
    role=(--role="$owner")
else
    "${as_db[@]}" createdb "$database"
    role=()
fi
# Read here and piped in, so the database user needs no access to the backup.
"${as_db[@]}" pg_restore --dbname="$database" --no-owner --no-privileges --exit-on-error \
    "${role[@]}" <"$backup/database.dump"
echo "Database restored into $database"

mkdir -p "$media"
if [ -f "$backup/media.tar" ]; then
    tar --extract --file="$backup/media.tar" --directory="$media" --no-same-owner
    [ -z "$media_owner" ] || chown -R "$media_owner": "$media"
    echo "Media restored into $media"
else
    echo "The backup has no media.tar: $media is empty" >&2
fi
echo "Now set DATABASE_URL (…/$database) and MEDIA_ROOT=$media, and restart the site."
