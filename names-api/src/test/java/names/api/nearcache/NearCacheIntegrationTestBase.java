package names.api.nearcache;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import names.api.ApiIntegrationTest;
import names.api.cache.CacheFreshness;
import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.memcached.KetamaRing;
import names.memcached.Watermarks;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near cache through the api on real PostgreSQL and memcached. No invalidator runs: the test plays its
 * part, writing the node's watermark every 100 ms while "the pipeline is healthy", and stopping when "the
 * invalidator stops" (then the last W it wrote is the one the api can have polled).
 */
// Each subclass has its own context (near cache on, bound on), closed after the class so its poller stops
// reading the shared node.
@DirtiesContext
abstract class NearCacheIntegrationTestBase extends ApiIntegrationTest {

    /** The api's ring: one node, named by its address. */
    private static final KetamaRing RING = new KetamaRing(List.of(SharedContainers.address(SharedContainers.memcached())));

    @Autowired
    CacheFreshness freshness;

    @Autowired
    NearCache near;

    private ScheduledExecutorService invalidator;
    /** The last W written: once the invalidator stops, the newest the api can have polled. */
    protected volatile Instant lastWatermark;

    @BeforeEach
    void pipelineHealthy() {
        invalidator = Executors.newSingleThreadScheduledExecutor();
        invalidator.scheduleWithFixedDelay(() -> writeWatermark(Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> freshness.watermarkFor(CacheKeys.name("nm0000001")) != null);
    }

    @AfterEach
    void forgetTheWatermark() throws Exception {
        stopInvalidator();
        for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
            memcached().delete(key);
        }
    }

    /** Reads until X-Cache says near: the copy is taken from the second read's memcached hit. */
    protected void nearCache(String nconst) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "near".equals(xCache(get("/names/" + nconst))));
    }

    /**
     * Reads {@code nconst} every 20 ms until a value other than {@code oldName} is served, asserting that each
     * old answer lay within the rule: sent no later than {@code provenAt + bound}.
     */
    protected ReadsUntilNew readUntilNew(String nconst, String oldName, Instant provenAt, Duration bound) {
        List<String> served = new ArrayList<>();
        AtomicInteger nearHits = new AtomicInteger();
        AtomicReference<Instant> sentAt = new AtomicReference<>();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        await().atMost(bound.plusSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    sentAt.set(Instant.now());
                    HttpResponse<String> response = get("/names/" + nconst);
                    last.set(response);
                    boolean old = json(response).get("primaryName").asString().equals(oldName);
                    served.add(xCache(response) + (old ? "(old)" : "(new)"));
                    if (old) {
                        // The api served it at some time after sentAt, under the rule: sentAt - max(W, readAt) <= S.
                        assertThat(Duration.between(provenAt, sentAt.get()))
                                .as("old value served %s after its proof", Duration.between(provenAt, sentAt.get()))
                                .isLessThanOrEqualTo(bound);
                    }
                    if ("near".equals(xCache(response))) {
                        nearHits.incrementAndGet();
                    }
                    return !old;
                });
        return new ReadsUntilNew(last.get(), sentAt.get(), nearHits.get(), compress(served));
    }

    /** @param newAt when the request that got the new value was sent */
    protected record ReadsUntilNew(HttpResponse<String> response, Instant newAt, int nearHits, String outcomes) {
    }

    protected void stopInvalidator() throws InterruptedException {
        invalidator.shutdownNow();
        invalidator.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void writeWatermark(Instant closedAt) {
        try {
            for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
                memcached().set(key, 3600, Watermarks.encode(closedAt));
            }
            lastWatermark = closedAt;
        } catch (Exception e) {
            // A watermark not written is one the api cannot have polled: lastWatermark stays the older one.
        }
    }

    /** "near(old) x12, refused(new)" rather than thirteen entries. */
    private static String compress(List<String> served) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < served.size(); ) {
            int j = i;
            while (j < served.size() && served.get(j).equals(served.get(i))) {
                j++;
            }
            runs.add(served.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", runs);
    }
}
