package names.invalidator.changes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Which consumer threads are currently retrying a batch, for the health endpoint: a consumer stuck on an
 * unreachable memcached is alive and will catch up by itself, but an operator should see it.
 */
@Component
public class RetryState {

    /** One consumer thread's failing batch. */
    public record Failing(Instant since, long failedAttempts, String lastFailure) {
    }

    private final Map<String, Failing> failingByThread = new ConcurrentHashMap<>();

    void failed(Exception cause, Instant now) {
        String message = String.valueOf(cause.getMessage());
        failingByThread.merge(Thread.currentThread().getName(), new Failing(now, 1, message),
                (old, next) -> new Failing(old.since(), old.failedAttempts() + 1, message));
    }

    void succeeded() {
        failingByThread.remove(Thread.currentThread().getName());
    }

    public Map<String, Failing> failing() {
        return Map.copyOf(failingByThread);
    }
}
