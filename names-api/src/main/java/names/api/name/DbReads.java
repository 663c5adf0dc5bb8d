package names.api.name;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The {@code names.db.reads} timer, tagged by {@code query=record|page}. */
final class DbReads {

    private DbReads() {
    }

    static Timer timer(MeterRegistry registry, String query) {
        return Timer.builder("names.db.reads")
                .description("PostgreSQL reads of the read path, including the read-only transaction")
                .tag("query", query)
                .register(registry);
    }
}
