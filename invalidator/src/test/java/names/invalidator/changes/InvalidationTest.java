package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.Test;

class InvalidationTest extends InvalidatorIntegrationTest {

    @Test
    void aCreateDeletesTheNotFoundMarkerAndItsBirthYearGenerationInEveryPool() {
        String created = newNconst();
        String bystander = newNconst();
        int year = newBirthYear();
        for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
            set(pool, CacheKeys.name(created), CacheEntryCodec.encode(new CacheEntry.NotFound()));
            set(pool, CacheKeys.birthYearGeneration(year), "generation-1");
            set(pool, CacheKeys.name(bystander), cachedName(bystander));
        }

        publish(event(NameChangeType.CREATED, created, null, year));

        await().untilAsserted(() -> {
            for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
                assertThat(get(pool, CacheKeys.name(created))).isNull();
                assertThat(get(pool, CacheKeys.birthYearGeneration(year))).isNull();
            }
        });
        assertThat(get(POOL_A, CacheKeys.name(bystander))).isEqualTo(cachedName(bystander));
        assertThat(get(POOL_B, CacheKeys.name(bystander))).isEqualTo(cachedName(bystander));
    }

    @Test
    void aBirthYearChangeDeletesTheRecordAndTheGenerationsOfBothYears() {
        String moved = newNconst();
        int oldYear = newBirthYear();
        int newYear = newBirthYear();
        int unrelatedYear = newBirthYear();
        for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
            set(pool, CacheKeys.name(moved), cachedName(moved));
            set(pool, CacheKeys.birthYearGeneration(oldYear), "generation-1");
            set(pool, CacheKeys.birthYearGeneration(newYear), "generation-1");
            set(pool, CacheKeys.birthYearGeneration(unrelatedYear), "generation-1");
        }

        publish(event(NameChangeType.UPDATED, moved, oldYear, newYear));

        await().untilAsserted(() -> {
            for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
                assertThat(get(pool, CacheKeys.name(moved))).isNull();
                assertThat(get(pool, CacheKeys.birthYearGeneration(oldYear))).isNull();
                assertThat(get(pool, CacheKeys.birthYearGeneration(newYear))).isNull();
            }
        });
        assertThat(get(POOL_A, CacheKeys.birthYearGeneration(unrelatedYear))).isEqualTo("generation-1");
        assertThat(get(POOL_B, CacheKeys.birthYearGeneration(unrelatedYear))).isEqualTo("generation-1");
    }

    @Test
    void aBurstOfEventsWithMoreKeysThanTheDeletePipelineIsAppliedCompletelyInEveryPool() {
        int year = newBirthYear();
        // 300 names -> 301 distinct keys per pool, several times the deletes the invalidator keeps in flight.
        List<String> names = IntStream.range(0, 300).mapToObj(i -> newNconst()).toList();
        for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
            names.forEach(nconst -> set(pool, CacheKeys.name(nconst), cachedName(nconst)));
            set(pool, CacheKeys.birthYearGeneration(year), "generation-1");
        }

        names.forEach(nconst -> publish(event(NameChangeType.UPDATED, nconst, year, year)));

        await().untilAsserted(() -> {
            for (MemcachedClient pool : new MemcachedClient[] {POOL_A, POOL_B}) {
                assertThat(names).allSatisfy(nconst -> assertThat(get(pool, CacheKeys.name(nconst))).isNull());
                assertThat(get(pool, CacheKeys.birthYearGeneration(year))).isNull();
            }
        });
    }

    @Test
    void aDeleteClearsAReadersLeaseAndIsCountedPerPool() {
        String deleted = newNconst();
        set(POOL_A, CacheKeys.name(deleted), CacheEntryCodec.encode(new CacheEntry.Lease("reader-1")));
        double deletedInA = counter("names.invalidation.deletes", "pool", "a", "result", "deleted");
        double notFoundInB = counter("names.invalidation.deletes", "pool", "b", "result", "not_found");

        publish(event(NameChangeType.DELETED, deleted, null, null));

        await().untilAsserted(() -> {
            assertThat(get(POOL_A, CacheKeys.name(deleted))).isNull();
            assertThat(counter("names.invalidation.deletes", "pool", "a", "result", "deleted"))
                    .isGreaterThan(deletedInA);
            assertThat(counter("names.invalidation.deletes", "pool", "b", "result", "not_found"))
                    .isGreaterThan(notFoundInB);
        });
    }

    @Test
    void severalEventsForOneNameAreAllApplied() {
        String busy = newNconst();
        int[] years = {newBirthYear(), newBirthYear(), newBirthYear(), newBirthYear()};
        for (int year : years) {
            set(POOL_B, CacheKeys.birthYearGeneration(year), "generation-1");
        }
        set(POOL_B, CacheKeys.name(busy), cachedName(busy));

        for (int i = 1; i < years.length; i++) {
            publish(event(NameChangeType.UPDATED, busy, years[i - 1], years[i]));
        }

        await().untilAsserted(() -> {
            assertThat(get(POOL_B, CacheKeys.name(busy))).isNull();
            for (int year : years) {
                assertThat(get(POOL_B, CacheKeys.birthYearGeneration(year))).isNull();
            }
        });
    }

    @Test
    void prometheusPublishesInvalidationLagDeletesAndKafkaConsumerLag() {
        String changed = newNconst();
        set(POOL_A, CacheKeys.name(changed), cachedName(changed));
        publish(event(NameChangeType.UPDATED, changed, 1950, 1950));
        await().until(() -> get(POOL_A, CacheKeys.name(changed)) == null);

        await().untilAsserted(() -> {
            var response = httpGet("/actuator/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("names_invalidation_lag_seconds_bucket")
                    .contains("names_invalidation_lag_seconds_count")
                    .contains("names_invalidation_deletes_total{application=\"invalidator\",pool=\"a\",result=\"deleted\"}")
                    .contains("names_invalidation_retries_total")
                    .contains("kafka_consumer_fetch_manager_records_lag_max");
        });
        // Prometheus computes quantiles from the histogram; other registries get p50 and p99 directly.
        assertThat(meters.get("names.invalidation.lag").timer().takeSnapshot().percentileValues())
                .extracting(percentile -> percentile.percentile())
                .containsExactly(0.5, 0.99);
    }
}
