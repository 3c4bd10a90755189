#!/usr/bin/env bash
# A dated backup of the site: the database (pg_dump, custom format) and a copy of
# MEDIA_ROOT, in BACKUP_DIR/<UTC date and time>/; backups older than
# BACKUP_KEEP_DAYS days are then deleted.
#
#   deploy/backup.sh                 # settings from the environment, or
#                                    # /etc/keepitlocal/production.env
#   BACKUP_DIR=/mnt/backups deploy/backup.sh
#
# Environment (each read from KEEPITLOCAL_ENV_FILE, default
# /etc/keepitlocal/production.env, when not set):
#   DATABASE_URL      postgres://user:password@host:port/name (as the app uses it)
#   MEDIA_ROOT        the uploaded files (default /srv/keepitlocal/media)
#   BACKUP_DIR        where backups go (default /var/backups/keepitlocal)
#   BACKUP_KEEP_DAYS  days to keep (default 14)
#
# Each backup holds database.dump (pg_restore's custom format), media.tar and
# SHA256SUMS. A backup appears under its final name only once complete. Restore
# with deploy/restore.sh. Copy BACKUP_DIR off the server as well (rsync, restic...).
set -euo pipefail
umask 077

env_file=${KEEPITLOCAL_ENV_FILE:-/etc/keepitlocal/production.env}

# The value of NAME in the environment file (KEY=value lines, as systemd reads them).
from_env_file() {
    [ -r "$env_file" ] || return 0
    sed -n "s/^[[:space:]]*$1=//p" "$env_file" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}
for name in DATABASE_URL MEDIA_ROOT BACKUP_DIR BACKUP_KEEP_DAYS; do
    if [ -z "${!name:-}" ]; then
        value=$(from_env_file "$name")
        [ -n "$value" ] && printf -v "$name" '%s' "$value"
    fi
done

: "${DATABASE_URL:?DATABASE_URL is not set (nor in $env_file)}"
MEDIA_ROOT=${MEDIA_ROOT:-/srv/keepitlocal/media}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/keepitlocal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
case $BACKUP_KEEP_DAYS in
    '' | *[!0-9]*) echo "BACKUP_KEEP_DAYS must be a number of days" >&2; exit 2 ;;
esac
# libpq knows postgres:// and postgresql://; django-environ's other spellings are not for pg_dump.
DATABASE_URL=${DATABASE_URL/#pgsql:\/\//postgresql://}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/$stamp"
partial="$BACKUP_DIR/.$stamp.partial"
mkdir -p "$BACKUP_DIR"
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$partial/database.dump" \
    --dbname="$DATABASE_URL"

if [ -d "$MEDIA_ROOT" ]; then
    tar --create --file="$partial/media.tar" --directory="$MEDIA_ROOT" .
else
    echo "No media at $MEDIA_ROOT: the backup has the database only" >&2
fi

(cd "$partial" && sha256sum -- * >SHA256SUMS)
mv "$partial" "$target"
trap - EXIT
echo "Backup written to $target ($(du -sh "$target" | cut -f1))"

# Keep BACKUP_KEEP_DAYS days: delete dated backups older than that (by their names).
cutoff=$(date -u -d "-$BACKUP_KEEP_DAYS days" +%Y%m%dT%H%M%SZ)
for old in "$BACKUP_DIR"/[0-9]*T*Z; do
    [ -d "$old" ] || continue
    name=$(basename "$old")
    if [[ "$name" < "$cutoff" ]]; then
        rm -rf -- "$old"
        echo "Deleted the backup $name (older than $BACKUP_KEEP_DAYS days)"
    fi
done
