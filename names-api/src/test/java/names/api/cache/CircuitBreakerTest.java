package names.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), clock::get);

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.allowsRequest()).isTrue();

        breaker.recordFailure();

        assertThat(breaker.allowsRequest()).isFalse();
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordSuccess();
        breaker.recordFailure();
        breaker.recordFailure();

        assertThat(breaker.allowsRequest()).isTrue();
    }

    @Test
    void letsRequestsTryAgainAfterTheOpenPeriodAndOneSuccessCloses() {
        tripOpen();
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(breaker.allowsRequest()).isTrue();

        breaker.recordSuccess();

        assertThat(breaker.isOpen()).isFalse();
        breaker.recordFailure();
        assertThat(breaker.allowsRequest()).isTrue();
    }

    @Test
    void oneFailureInTheTrialPeriodReopens() {
        tripOpen();
        clock.addAndGet(Duration.ofSeconds(5).toNanos());

        breaker.recordFailure();

        assertThat(breaker.allowsRequest()).isFalse();
    }

    private void tripOpen() {
        for (int i = 0; i < 3; i++) {
            breaker.recordFailure();
        }
        assertThat(breaker.allowsRequest()).isFalse();
    }
}
