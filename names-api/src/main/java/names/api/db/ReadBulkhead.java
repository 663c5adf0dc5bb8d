package names.api.db;

import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Bounds the read path's concurrent PostgreSQL reads (Resilience4j's semaphore bulkhead). While the cache
 * cannot vouch for its entries (the invalidation pipeline stopped), every hot key is read from PostgreSQL
 * about once per S, and a cold cache or a burst must not turn into an unbounded pile of connections
 * waiting on the database. A read that finds no place within {@code max-wait} fails with
 * {@link DatabaseBusyException}, answered 503 with Retry-After.
 */
@Component
public class ReadBulkhead {

    private final Bulkhead bulkhead;
    private final Counter rejected;

    ReadBulkhead(DatabaseReadProperties properties, MeterRegistry meters) {
        this.bulkhead = Bulkhead.of("database-reads", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrentReads())
                .maxWaitDuration(properties.maxWait())
                // First come, first served: under overload no reader waits its whole max-wait while later ones get in.
                .fairCallHandlingStrategyEnabled(true)
                .build());
        this.rejected = Counter.builder("names.db.reads.rejected")
                .description("Reads turned away with 503 because the database read bulkhead was full")
                .register(meters);
        Gauge.builder("names.db.reads.available", bulkhead, b -> b.getMetrics().getAvailableConcurrentCalls())
                .description("Free places in the database read bulkhead")
                .register(meters);
    }

    public <T> T call(Supplier<T> read) {
        try {
            return bulkhead.executeSupplier(read);
        } catch (BulkheadFullException e) {
            rejected.increment();
            throw new DatabaseBusyException("too many concurrent database reads");
        }
    }
}
