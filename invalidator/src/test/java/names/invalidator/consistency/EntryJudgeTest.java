package names.invalidator.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CachedPage;
import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import names.memcached.consistency.InconsistencyKind;
import org.junit.jupiter.api.Test;

class EntryJudgeTest {

    private static final Instant COMMITTED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Expectation UPDATE = new Expectation("k", 5, false, COMMITTED, null);
    private static final Expectation DELETE = new Expectation("k", 5, true, COMMITTED, null);

    @Test
    void recordsAreJudgedByVersionNotByBytes() {
        assertThat(EntryJudge.record(UPDATE, null)).isNull();
        assertThat(EntryJudge.record(UPDATE, CacheEntryCodec.encode(new CacheEntry.Lease("t")))).isNull();
        assertThat(EntryJudge.record(UPDATE, record(5))).isNull();
        assertThat(EntryJudge.record(UPDATE, record(9))).isNull();
        assertThat(EntryJudge.record(UPDATE, record(4)).kind()).isEqualTo(InconsistencyKind.RECORD);
        assertThat(EntryJudge.record(UPDATE, "R:garbage")).isNull();
    }

    @Test
    void aDeletedNamesLastVersionIsStaleAndARecreatedOneIsNot() {
        assertThat(EntryJudge.record(DELETE, record(5)).kind()).isEqualTo(InconsistencyKind.RECORD);
        assertThat(EntryJudge.record(DELETE, record(6))).isNull();
        assertThat(EntryJudge.record(DELETE, notFound(COMMITTED.minusSeconds(60)))).isNull();
    }

    @Test
    void notFoundMarkersAreJudgedByTheirReadTime() {
        assertThat(EntryJudge.record(UPDATE, notFound(COMMITTED.minusNanos(1_000))).kind())
                .isEqualTo(InconsistencyKind.NOT_FOUND);
        assertThat(EntryJudge.record(UPDATE, notFound(COMMITTED))).isNull();
        assertThat(EntryJudge.record(UPDATE, CacheEntryCodec.encode(new CacheEntry.NotFound()))).isNull();
    }

    @Test
    void aGenerationIsJudgedByItsFirstPagesReadTime() {
        Expectation year = new Expectation("g", 5, false, COMMITTED, 1970);
        assertThat(EntryJudge.generation(year, "g1", "p", page(COMMITTED.minusSeconds(1))).kind())
                .isEqualTo(InconsistencyKind.PAGE);
        assertThat(EntryJudge.generation(year, "g1", "p", page(COMMITTED.plusMillis(1)))).isNull();
        assertThat(EntryJudge.generation(year, "g1", "p", null)).isNull();
        assertThat(EntryJudge.generation(year, null, "p", null)).isNull();
    }

    @Test
    void theNewestChangeOfAKeyInABatchDecides() {
        Expectation deleted = new Expectation("k", 7, true, COMMITTED, null);
        Expectation recreated = new Expectation("k", 8, false, COMMITTED.plusSeconds(1), null);
        assertThat(deleted.and(recreated)).isEqualTo(recreated);
        assertThat(recreated.and(deleted)).isEqualTo(recreated);
        // a delete carries the version of the change before it
        assertThat(UPDATE.and(DELETE).deleted()).isTrue();
        assertThat(DELETE.and(UPDATE).deleted()).isTrue();
    }

    private static String record(long version) {
        return CacheEntryCodec.encode(new CacheEntry.Found(
                new NameSnapshot("nm0000001", "Someone", 1950, null, List.of(), List.of(), version), COMMITTED));
    }

    private static String notFound(Instant readAt) {
        return CacheEntryCodec.encode(new CacheEntry.NotFound(readAt));
    }

    private static String page(Instant readAt) {
        return CacheEntryCodec.encodePage(new CachedPage(new NamePage(List.of(), null), readAt));
    }
}
