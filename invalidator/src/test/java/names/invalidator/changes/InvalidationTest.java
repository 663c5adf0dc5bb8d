package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import org.junit.jupiter.api.Test;

class InvalidationTest extends InvalidatorIntegrationTest {

    @Test
    void aCreateDeletesTheNotFoundMarkerAndItsBirthYearGeneration() {
        String created = newNconst();
        String bystander = newNconst();
        int year = newBirthYear();
        set(CacheKeys.name(created), CacheEntryCodec.encode(new CacheEntry.NotFound()));
        set(CacheKeys.birthYearGeneration(year), "generation-1");
        set(CacheKeys.name(bystander), cachedName(bystander));

        publish(event(NameChangeType.CREATED, created, null, year));

        await().untilAsserted(() -> {
            assertThat(get(CacheKeys.name(created))).isNull();
            assertThat(get(CacheKeys.birthYearGeneration(year))).isNull();
        });
        assertThat(get(CacheKeys.name(bystander))).isEqualTo(cachedName(bystander));
    }

    @Test
    void aBirthYearChangeDeletesTheRecordAndTheGenerationsOfBothYears() {
        String moved = newNconst();
        int oldYear = newBirthYear();
        int newYear = newBirthYear();
        int unrelatedYear = newBirthYear();
        set(CacheKeys.name(moved), cachedName(moved));
        set(CacheKeys.birthYearGeneration(oldYear), "generation-1");
        set(CacheKeys.birthYearGeneration(newYear), "generation-1");
        set(CacheKeys.birthYearGeneration(unrelatedYear), "generation-1");

        publish(event(NameChangeType.UPDATED, moved, oldYear, newYear));

        await().untilAsserted(() -> {
            assertThat(get(CacheKeys.name(moved))).isNull();
            assertThat(get(CacheKeys.birthYearGeneration(oldYear))).isNull();
            assertThat(get(CacheKeys.birthYearGeneration(newYear))).isNull();
        });
        assertThat(get(CacheKeys.birthYearGeneration(unrelatedYear))).isEqualTo("generation-1");
    }

    @Test
    void aBurstOfEventsWithMoreKeysThanTheDeletePipelineIsAppliedCompletelyOnEveryNode() {
        int year = newBirthYear();
        // 300 names -> ~150 keys per node, several times the deletes each node keeps in flight.
        List<String> names = IntStream.range(0, 300).mapToObj(i -> newNconst()).toList();
        names.forEach(nconst -> set(CacheKeys.name(nconst), cachedName(nconst)));
        set(CacheKeys.birthYearGeneration(year), "generation-1");

        names.forEach(nconst -> publish(event(NameChangeType.UPDATED, nconst, year, year)));

        await().untilAsserted(() -> {
            assertThat(names).allSatisfy(nconst -> assertThat(get(CacheKeys.name(nconst))).isNull());
            assertThat(get(CacheKeys.birthYearGeneration(year))).isNull();
        });
    }

    @Test
    void aLargeBatchDeletesWhatTheNodeHoldsIncludingLeasesAndOnlyProbesTheRest() throws Exception {
        List<String> names = IntStream.range(0, 400).mapToObj(i -> newNconst()).toList();
        List<String> cached = names.subList(0, 20);
        cached.forEach(nconst -> set(CacheKeys.name(nconst), cachedName(nconst)));
        String leased = names.get(20);
        set(CacheKeys.name(leased), CacheEntryCodec.encode(new CacheEntry.Lease("reader-2")));
        double absent = meters.find("names.invalidation.deletes").tag("result", "absent").counters().stream()
                .mapToDouble(c -> c.count()).sum();

        // one send each, flushed together: the consumers see batches far above the probe threshold
        names.forEach(nconst -> publishAsync(event(NameChangeType.UPDATED, nconst, null, null)));

        await().untilAsserted(() -> {
            assertThat(cached).allSatisfy(nconst -> assertThat(get(CacheKeys.name(nconst))).isNull());
            assertThat(get(CacheKeys.name(leased))).isNull();
        });
        await().untilAsserted(() -> assertThat(meters.find("names.invalidation.deletes").tag("result", "absent")
                .counters().stream().mapToDouble(c -> c.count()).sum()).isGreaterThan(absent + 100));
    }

    @Test
    void aDeleteClearsAReadersLeaseAndIsCountedOnTheOwningNode() {
        String deleted = newNconstOn(NODE_A);
        String absent = newNconstOn(NODE_B);
        set(CacheKeys.name(deleted), CacheEntryCodec.encode(new CacheEntry.Lease("reader-1")));
        String[] deletedOnA = {"pool", POOL, "node", nodeName(NODE_A), "result", "deleted"};
        String[] notFoundOnB = {"pool", POOL, "node", nodeName(NODE_B), "result", "not_found"};
        double before = counter("names.invalidation.deletes", deletedOnA);
        double notFoundBefore = counter("names.invalidation.deletes", notFoundOnB);

        publish(event(NameChangeType.DELETED, deleted, null, null));
        publish(event(NameChangeType.DELETED, absent, null, null));

        await().untilAsserted(() -> {
            assertThat(get(CacheKeys.name(deleted))).isNull();
            assertThat(counter("names.invalidation.deletes", deletedOnA)).isGreaterThan(before);
            assertThat(counter("names.invalidation.deletes", notFoundOnB)).isGreaterThan(notFoundBefore);
        });
    }

    @Test
    void severalEventsForOneNameAreAllApplied() {
        String busy = newNconst();
        int[] years = {newBirthYear(), newBirthYear(), newBirthYear(), newBirthYear()};
        for (int year : years) {
            set(CacheKeys.birthYearGeneration(year), "generation-1");
        }
        set(CacheKeys.name(busy), cachedName(busy));

        for (int i = 1; i < years.length; i++) {
            publish(event(NameChangeType.UPDATED, busy, years[i - 1], years[i]));
        }

        await().untilAsserted(() -> {
            assertThat(get(CacheKeys.name(busy))).isNull();
            for (int year : years) {
                assertThat(get(CacheKeys.birthYearGeneration(year))).isNull();
            }
        });
    }

    @Test
    void prometheusPublishesInvalidationLagDeletesAndKafkaConsumerLag() {
        String changed = newNconstOn(NODE_A);
        set(CacheKeys.name(changed), cachedName(changed));
        publish(event(NameChangeType.UPDATED, changed, 1950, 1950));
        await().until(() -> get(CacheKeys.name(changed)) == null);

        await().untilAsserted(() -> {
            var response = httpGet("/actuator/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("names_invalidation_lag_seconds_bucket")
                    .contains("names_invalidation_lag_seconds_count")
                    .contains("names_invalidation_deletes_total{application=\"invalidator\",node=\"" + nodeName(NODE_A)
                            + "\",pool=\"main\",result=\"deleted\"}")
                    .contains("names_invalidation_retries_total")
                    .contains("kafka_consumer_fetch_manager_records_lag_max");
        });
        // Quantiles come from the histogram's buckets (Prometheus, the alerts, the lag tool), none client-side.
        var lag = meters.get("names.invalidation.lag").tag("node", nodeName(NODE_A)).timer().takeSnapshot();
        assertThat(lag.histogramCounts()).isNotEmpty();
        assertThat(lag.percentileValues()).isEmpty();
    }
}
