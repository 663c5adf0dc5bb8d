package names.api.db;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Bounds the read path's concurrent PostgreSQL reads (a semaphore bulkhead; a plain one rather than a
 * library: it is all this needs, and it adds no dependency to the offline build). A read that finds no
 * place within {@code max-wait} fails with {@link DatabaseBusyException}, answered 503 with Retry-After.
 */
@Component
public class ReadBulkhead {

    private final Semaphore permits;
    private final long maxWaitNanos;
    private final Counter rejected;

    ReadBulkhead(DatabaseReadProperties properties, MeterRegistry meters) {
        this.permits = new Semaphore(properties.maxConcurrentReads(), true);
        this.maxWaitNanos = properties.maxWait().toNanos();
        this.rejected = Counter.builder("names.db.reads.rejected")
                .description("Reads turned away with 503 because the database read bulkhead was full")
                .register(meters);
        Gauge.builder("names.db.reads.available", permits, Semaphore::availablePermits)
                .description("Free places in the database read bulkhead")
                .register(meters);
    }

    public <T> T call(Supplier<T> read) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseBusyException("interrupted while waiting for a database read slot");
        }
        if (!acquired) {
            rejected.increment();
            throw new DatabaseBusyException("too many concurrent database reads");
        }
        try {
            return read.get();
        } finally {
            permits.release();
        }
    }
}
