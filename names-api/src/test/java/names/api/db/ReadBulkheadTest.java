package names.api.db;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.api.web.ApiExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadBulkheadTest {

    @Test
    void aReadBeyondTheBulkheadFailsFastAsA503WithRetryAfterAndIsCounted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReadBulkhead bulkhead = new ReadBulkhead(new DatabaseReadProperties(1, Duration.ofMillis(20), Duration.ofSeconds(10)), meters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> bulkhead.call(() -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> bulkhead.call(() -> "second")).isInstanceOf(DatabaseBusyException.class);
        ResponseEntity<ProblemDetail> response = new ApiExceptionHandler().databaseBusy(new DatabaseBusyException("full"));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(meters.counter("names.db.reads.rejected").count()).isEqualTo(1);

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(bulkhead.call(() -> "third")).as("the place is free again").isEqualTo("third");
    }
}
