package names.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import names.api.cache.FillGate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The test side of the {@link FillGate} seam: holds the first reader that reaches an armed point for a
 * matching key until the test releases it. One-shot, so other readers pass straight through.
 */
public class TestFillGate implements FillGate {

    public enum Point {
        LEASE_ACQUIRED, BEFORE_FILL
    }

    /** An armed hold: {@link #awaitArrival()} then change the world, then {@link #release()}. */
    public static final class Hold {
        private final Point point;
        private final Predicate<String> keys;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String heldKey;

        Hold(Point point, Predicate<String> keys) {
            this.point = point;
            this.keys = keys;
        }

        /** @return the key the held reader is working on */
        public String awaitArrival() throws InterruptedException {
            if (!arrived.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no reader reached " + point);
            }
            return heldKey;
        }

        public void release() {
            released.countDown();
        }
    }

    private final AtomicReference<Hold> armed = new AtomicReference<>();

    public Hold holdAt(Point point, Predicate<String> keys) {
        Hold hold = new Hold(point, keys);
        if (!armed.compareAndSet(null, hold)) {
            throw new IllegalStateException("a hold is already armed");
        }
        return hold;
    }

    /** Drops a hold that was never reached (test cleanup). */
    public void disarm(Hold hold) {
        armed.compareAndSet(hold, null);
        hold.release();
    }

    @Override
    public void leaseAcquired(String key) {
        pass(Point.LEASE_ACQUIRED, key);
    }

    @Override
    public void beforeFill(String key) {
        pass(Point.BEFORE_FILL, key);
    }

    private void pass(Point point, String key) {
        Hold hold = armed.get();
        if (hold == null || hold.point != point || !hold.keys.test(key) || !armed.compareAndSet(hold, null)) {
            return;
        }
        hold.heldKey = key;
        hold.arrived.countDown();
        try {
            // bounded, so a failed test can never hang the suite
            if (!hold.released.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held reader was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        TestFillGate testFillGate() {
            return new TestFillGate();
        }
    }
}
