package names.api.cache;

/**
 * How one request used the cache: exactly one outcome per request, so the outcomes of
 * {@code names.cache.requests} add up to the request rate. {@link #header()} is the coarser
 * {@code X-Cache} value clients see.
 */
public enum CacheOutcome {
    /**
     * Served from this api's near cache (opt-in): a copy of a memcached hit, still within the serve rule.
     * No memcached call.
     */
    NEAR_HIT("near_hit", "near"),
    /** Served from memcached. */
    HIT("hit", "hit"),
    /** A cached "no such name" marker answered 404 without PostgreSQL. */
    NOTFOUND_HIT("notfound_hit", "hit"),
    /** Another reader held the fill lease; we polled until its value appeared and served that. */
    LEASE_WAIT("lease_wait", "hit"),
    /** Not cached: this request read PostgreSQL and tried to fill (stored or not). */
    MISS("miss", "miss"),
    /** A memcached operation failed or timed out: answered from PostgreSQL, no fill. */
    ERROR("error", "bypass"),
    /**
     * The cached entry could not be proven fresh (older than the staleness bound, and its node's watermark
     * too): answered from PostgreSQL, and the entry replaced through a lease.
     */
    STALE_REFUSED("stale_refused", "refused"),
    /** stale-if-error: PostgreSQL failed while refreshing a refused entry, and the operator opted in to serve it. */
    STALE("stale", "stale"),
    /** Cache skipped on purpose (breaker open, disabled, ring incomplete, lease wait timed out, minVersion). */
    BYPASS("bypass", "bypass");

    private final String tag;
    private final String header;

    CacheOutcome(String tag, String header) {
        this.tag = tag;
        this.header = header;
    }

    public String tag() {
        return tag;
    }

    /** The {@code X-Cache} response header value: near, hit, miss, bypass, refused or stale. */
    public String header() {
        return header;
    }

    public static final String HEADER = "X-Cache";
}
