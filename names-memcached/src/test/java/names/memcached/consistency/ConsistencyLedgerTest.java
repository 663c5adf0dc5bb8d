package names.memcached.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConsistencyLedgerTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsistencyLedger ledger = new ConsistencyLedger(ConsistencyLedger.INVALIDATION, registry,
            Duration.ofMinutes(5), 2, nanos::get);

    @Test
    void ninesAreMinusLog10OfTheInconsistentShareAndLog10OfTheChecksWithoutAny() {
        assertThat(SlidingCounts.nines(0, 0)).isNaN();
        assertThat(SlidingCounts.nines(1_000, 0)).isCloseTo(3.0, within(1e-9));
        assertThat(SlidingCounts.nines(1_000_000, 1)).isCloseTo(6.0, within(1e-9));
        assertThat(SlidingCounts.nines(10, 10)).isZero();
    }

    @Test
    void countsLeaveTheSlidingPeriodButStayInTheCounters() {
        ledger.checked("1s", 100);
        ledger.inconsistent(found("names:v1:name:nm0000001"));
        assertThat(ledger.nines()).isCloseTo(2.0, within(1e-9));

        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        ledger.checked("10s", 900);
        assertThat(ledger.nines()).isCloseTo(3.0, within(1e-9));

        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        assertThat(ledger.nines()).isCloseTo(Math.log10(900), within(1e-9));
        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(ledger.nines()).isNaN();

        assertThat(registry.get(ConsistencyLedger.CHECKS).tag("window", "1s").counter().count()).isEqualTo(100);
        assertThat(registry.get(ConsistencyLedger.INCONSISTENCIES).tag("kind", "record").counter().count()).isEqualTo(1);
        assertThat(registry.get(ConsistencyLedger.REPAIRS).tag("result", "deleted").counter().count()).isEqualTo(1);
        assertThat(registry.get(ConsistencyLedger.NINES).tag("source", "invalidation").gauge().value()).isNaN();
    }

    @Test
    void theSummaryListsTheLastInconsistenciesNewestFirst() {
        ledger.checked("1s", 10);
        ledger.inconsistent(found("a"));
        ledger.inconsistent(found("b"));
        ledger.inconsistent(found("c"));
        ledger.shed(7);

        ConsistencySummary summary = ledger.summary();

        assertThat(summary.recent()).extracting(Inconsistency::key).containsExactly("c", "b");
        assertThat(summary.inconsistenciesByWindow()).containsEntry("1s", 3L);
        assertThat(summary.shed()).isEqualTo(7);
        assertThat(summary.verdict()).contains("3 of 10 checks inconsistent").contains("7 checks shed");
    }

    private static Inconsistency found(String key) {
        return new Inconsistency(Instant.now(), ConsistencyLedger.INVALIDATION, "1s", InconsistencyKind.RECORD, key,
                "memcached-1:11211", "version 1", "version >= 2", Duration.ofSeconds(1), RepairResult.DELETED);
    }
}
