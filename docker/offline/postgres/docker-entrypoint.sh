#!/usr/bin/env bash
# Minimal re-implementation of the official postgres image's entrypoint (docker-library/postgres):
# same env vars, same first-start init sequence, same log lines that wait strategies look for.
set -Eeo pipefail

# `-c fsync=off` alone means `postgres -c fsync=off`
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != 'postgres' ]; then exec "$@"; fi

: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_HOST_AUTH_METHOD:=}"
: "${POSTGRES_PASSWORD:=}" "${POSTGRES_INITDB_ARGS:=}"
export POSTGRES_USER POSTGRES_DB POSTGRES_PASSWORD POSTGRES_HOST_AUTH_METHOD POSTGRES_INITDB_ARGS

if [ "$(id -u)" = 0 ]; then
	# root: fix ownership (volumes arrive root-owned), then re-run this script as postgres
	mkdir -p "$PGDATA" /var/run/postgresql
	chmod 700 "$PGDATA"
	find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres: '{}' +
	exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

sql() { # psql over the local socket as the superuser, stops on the first error
	PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

if [ -s "$PGDATA/PG_VERSION" ]; then
	printf '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n'
else
	if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
		echo >&2 'Error: Database is uninitialized and superuser password is not specified.'
		echo >&2 '       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust).'
		exit 1
	fi
	ls /docker-entrypoint-initdb.d/ >/dev/null # fail now, not half-initialized, if it is unreadable
	mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
	# local (socket) connections stay "trust" like upstream; TCP from anywhere needs the password
	eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") '"$POSTGRES_INITDB_ARGS"
	shift # drop "postgres": the rest are server options
	auth="${POSTGRES_HOST_AUTH_METHOD:-$(postgres -C password_encryption "$@")}"
	printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

	# Temporary socket-only server for the init steps. pg_ctl without -l logs to our stdout, so
	# "database system is ready to accept connections" appears here once and again for the real
	# server below (Testcontainers' PostgreSQLContainer waits for it twice).
	export PGPASSWORD="$POSTGRES_PASSWORD"
	PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "$(printf '%q ' "$@" -c listen_addresses= -p "${PGPORT:-5432}")" -w start
	if [ -z "$(sql --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")" ]; then
		sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
	fi
	shopt -s nullglob
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
			*.sh)     echo "$0: running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
			*.sql)    echo "$0: running $f"; sql --dbname "$POSTGRES_DB" -f "$f" ;;
			*.sql.gz) echo "$0: running $f"; gunzip -c "$f" | sql --dbname "$POSTGRES_DB" ;;
			*)        echo "$0: ignoring $f" ;;
		esac
	done
	PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w stop
	unset PGPASSWORD
	printf '\nPostgreSQL init process complete; ready for start up.\n\n'
	set -- postgres "$@"
fi

exec "$@"
