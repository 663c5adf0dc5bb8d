package names.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The consistent-hash ring that decides which node holds a key: the one definition the api (to fill) and
 * the invalidator (to delete) share. A key read from one node and deleted on another would stay stale,
 * so nothing else may map keys to nodes.
 *
 * <p>Classic ketama, as libketama, spymemcached and xmemcached ({@code KetamaMemcachedSessionLocator} with
 * {@code KETAMA_HASH}) compute it: each node owns 160 points, four per MD5 digest of {@code "<name>-<i>"};
 * a key belongs to the first point at or after the first four bytes (little-endian) of its MD5, wrapping
 * around. Adding or removing a node moves only that node's share of the keys. The node order in the
 * configuration does not matter.
 */
public final class KetamaRing {

    /** Names the hashing scheme in the fingerprint, so a future change of scheme cannot look like agreement. */
    public static final String ALGORITHM = "ketama-md5-160";
    private static final int POINTS_PER_NODE = 160;

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });

    /**
     * The last key this thread looked up, and its node. A read asks for one key's node several times in a
     * row (breaker, watermark, the operation itself); one MD5 serves them all.
     */
    private final ThreadLocal<String[]> lastLookup = ThreadLocal.withInitial(() -> new String[2]);

    private final List<String> nodes;
    private final long[] points;
    private final String[] owners;
    private final String fingerprint;

    public KetamaRing(Collection<String> nodeNames) {
        TreeSet<String> sorted = new TreeSet<>(nodeNames);
        if (sorted.isEmpty() || sorted.size() != nodeNames.size()) {
            throw new IllegalArgumentException("a ring needs at least one node and no duplicate names: " + nodeNames);
        }
        this.nodes = List.copyOf(sorted);
        TreeMap<Long, String> continuum = new TreeMap<>();
        for (String node : nodes) {
            for (int i = 0; i < POINTS_PER_NODE / 4; i++) {
                byte[] digest = md5(node + "-" + i);
                for (int h = 0; h < 4; h++) {
                    // Two nodes on one point (about one chance in 2^25 for two nodes): the smaller name
                    // wins, whatever the configuration order, so every service resolves it the same way.
                    continuum.merge(littleEndian(digest, h * 4), node, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        this.points = continuum.keySet().stream().mapToLong(Long::longValue).toArray();
        this.owners = continuum.values().toArray(String[]::new);
        this.fingerprint = ALGORITHM + ":" + HexFormat.of().formatHex(
                sha256(ALGORITHM + "|" + String.join(",", nodes)), 0, 6);
    }

    /** The name of the node that holds {@code key}. */
    public String nodeFor(String key) {
        String[] last = lastLookup.get();
        if (key.equals(last[0])) {
            return last[1];
        }
        String node = locate(key);
        last[0] = key;
        last[1] = node;
        return node;
    }

    private String locate(String key) {
        long hash = littleEndian(md5(key), 0);
        int index = Arrays.binarySearch(points, hash);
        if (index < 0) {
            index = -index - 1;
            if (index == points.length) {
                index = 0;
            }
        }
        return owners[index];
    }

    /** The node names, sorted. */
    public List<String> nodes() {
        return nodes;
    }

    /**
     * Identifies this ring: the hashing scheme plus the sorted node names. Two services with the same
     * fingerprint map every key to the same node name.
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return fingerprint + " " + nodes;
    }

    private static byte[] md5(String text) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static long littleEndian(byte[] digest, int offset) {
        return ((long) (digest[offset + 3] & 0xFF) << 24)
                | ((long) (digest[offset + 2] & 0xFF) << 16)
                | ((long) (digest[offset + 1] & 0xFF) << 8)
                | (digest[offset] & 0xFF);
    }
}
