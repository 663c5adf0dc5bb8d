package names.memcached;

/**
 * One configured memcached node: its name on the hash ring and the address to connect to.
 *
 * <p>The ring hashes names, not addresses, so a host-side tool that reaches the compose nodes as
 * {@code localhost:11212} can still agree with the services, which reach the same node as
 * {@code memcached-2:11211}: it configures {@code memcached-2:11211=localhost:11212}. A plain
 * {@code host:port} entry is its own name, which keeps the ring identical to xmemcached's ketama ring over
 * the same server list.
 *
 * @param name the node's identity on the ring
 * @param address {@code host:port} to connect to
 */
public record MemcachedNodeSpec(String name, String address) {

    public MemcachedNodeSpec {
        requireHostPort(address, "address");
        if (name == null || name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '=')) {
            throw new IllegalArgumentException("memcached node name must be non-blank, without spaces, ',' or '=': "
                    + name);
        }
    }

    /** Parses {@code host:port} (named after itself) or {@code name=host:port}. */
    public static MemcachedNodeSpec parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty memcached server entry");
        }
        String trimmed = entry.trim();
        int equals = trimmed.indexOf('=');
        if (equals < 0) {
            return new MemcachedNodeSpec(trimmed, trimmed);
        }
        return new MemcachedNodeSpec(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }

    private static void requireHostPort(String address, String what) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("memcached " + what + " must be host:port: " + address);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("memcached " + what + " has no valid port: " + address);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memcached " + what + " has no valid port: " + address, e);
        }
    }

    @Override
    public String toString() {
        return name.equals(address) ? name : name + "=" + address;
    }
}
