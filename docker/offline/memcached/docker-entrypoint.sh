#!/bin/sh
set -e
# Same rule as the official image: `-m 64` means `memcached -m 64`.
if [ "${1#-}" != "$1" ]; then
	set -- memcached "$@"
fi
exec "$@"
