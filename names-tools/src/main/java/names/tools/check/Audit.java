package names.tools.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.tools.client.ApiClient;

/**
 * After the drain: every workload name as memcached holds it (on every node), as Postgres holds it, and
 * as the api serves it, must agree; and so must each workload year's list.
 *
 * <p>Rules per memcached entry: absent or a lease is fine (nothing is served from it); a not-found marker
 * must match a missing row; a found entry must equal the row, version included.
 *
 * <p>An api with the near cache on may answer from a copy taken before the last invalidation, for up to S
 * after the copy's proof (its promise is the bound, not the strict part). Such an answer ({@code X-Cache:
 * near}) that differs is asked again once S has passed, and counts only if it still differs.
 */
public final class Audit {

    static final int MAX_FINDINGS_LISTED = 20;

    /** @param nearCopiesRechecked api answers from a near-cache copy that differed at first and were asked again */
    public record Result(int keysChecked, int entriesFound, int entriesNotFound, int leases, int staleCacheEntries,
            int apiMismatches, int nearCopiesRechecked, int listsChecked, int listMismatches, List<String> findings) {

        public int staleEntries() {
            return staleCacheEntries + apiMismatches + listMismatches;
        }
    }

    static Result run(CheckerOptions options, PostgresNames postgres, MemcachedNodes memcached, ApiClient api)
            throws Exception {
        List<String> findings = new ArrayList<>();
        List<String> nconsts = options.nconsts();
        // Run after the drain, on a quiet system. Against a stack that other clients keep writing to, a
        // change still in flight shows up as a finding: rerun before believing it.
        int found = 0;
        int notFound = 0;
        int leases = 0;
        int stale = 0;
        // Every node, not only the key's owner on the ring: a stale copy anywhere (say, left over from a ring
        // change) is served again as soon as the ring points there.
        Map<MemcachedNode, Map<String, String>> cached = new LinkedHashMap<>();
        List<String> keys = nconsts.stream().map(CacheKeys::name).toList();
        for (MemcachedNode node : memcached.nodes()) {
            Map<String, String> values = node.client().get(keys);
            cached.put(node, values == null ? Map.of() : values);
        }
        Map<String, NameSnapshot> rows = postgres.byNconst(nconsts);
        for (int i = 0; i < nconsts.size(); i++) {
            String nconst = nconsts.get(i);
            NameSnapshot row = rows.get(nconst);
            for (var node : cached.entrySet()) {
                String value = node.getValue().get(CacheKeys.name(nconst));
                if (value == null) {
                    continue;
                }
                String where = nconst + " on " + node.getKey().name();
                CacheEntry entry;
                NameSnapshot name = null;
                try {
                    entry = CacheEntryCodec.decode(value);
                    if (entry instanceof CacheEntry.Found record) {
                        // decode reads only the version; the JSON the api would serve is checked here
                        name = record.name();
                    }
                } catch (IllegalArgumentException e) {
                    stale++;
                    findings.add(where + ": undecodable entry (" + e.getMessage() + ")");
                    continue;
                }
                switch (entry) {
                    case CacheEntry.Lease lease -> leases++;
                    case CacheEntry.NotFound marker -> {
                        notFound++;
                        if (row != null) {
                            stale++;
                            findings.add(where + ": not-found marker, but Postgres has version " + row.version());
                        }
                    }
                    case CacheEntry.Found record -> {
                        found++;
                        if (record.version() != name.version()) {
                            // the api's ETag and minVersion check use the prefix, the body is the JSON
                            stale++;
                            findings.add(where + ": version prefix " + record.version() + " but JSON has "
                                    + name.version());
                        } else if (!name.equals(row)) {
                            stale++;
                            findings.add(where + ": cached " + name + " but Postgres has " + row);
                        }
                    }
                }
            }
        }
        int apiMismatches = 0;
        List<String> nearBehind = new ArrayList<>();
        for (String nconst : nconsts) {
            NameSnapshot row = rows.get(nconst);
            ApiClient.NameRead read = api.get(nconst);
            if (!agrees(row, read)) {
                if ("near".equals(read.cache())) {
                    nearBehind.add(nconst);
                } else {
                    apiMismatches++;
                    findings.add(mismatch(nconst, read, row));
                }
            }
        }
        if (!nearBehind.isEmpty()) {
            Thread.sleep(options.maxStaleness().plusMillis(100));
            for (String nconst : nearBehind) {
                NameSnapshot row = rows.get(nconst);
                ApiClient.NameRead read = api.get(nconst);
                if (!agrees(row, read)) {
                    apiMismatches++;
                    findings.add(mismatch(nconst, read, row) + " (also " + options.maxStaleness() + " after a near copy)");
                }
            }
        }
        int listMismatches = 0;
        for (int year = options.firstYear(); year <= options.lastYear(); year++) {
            List<NameSnapshot> expected = postgres.byBirthYear(year);
            List<NameSnapshot> served = api.listAll(year);
            if (!served.equals(expected)) {
                listMismatches++;
                findings.add("birthYear " + year + ": api lists " + nconstsOf(served) + " but Postgres has "
                        + nconstsOf(expected) + (nconstsOf(served).equals(nconstsOf(expected)) ? " (contents differ)" : ""));
            }
        }
        return new Result(nconsts.size(), found, notFound, leases, stale, apiMismatches, nearBehind.size(),
                options.yearCount(), listMismatches, findings);
    }

    private static boolean agrees(NameSnapshot row, ApiClient.NameRead read) {
        return row == null ? read.status() == 404 : read.found() && read.name().equals(row);
    }

    private static String mismatch(String nconst, ApiClient.NameRead read, NameSnapshot row) {
        return nconst + ": api answered " + read.status() + " " + read.name() + " (X-Cache " + read.cache()
                + ") but Postgres has " + row;
    }

    private static List<String> nconstsOf(List<NameSnapshot> names) {
        return names.stream().map(NameSnapshot::nconst).toList();
    }

    private Audit() {
    }
}
