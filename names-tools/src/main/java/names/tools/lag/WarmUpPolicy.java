package names.tools.lag;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * When the lag benchmark's warm-up may end: after {@code minimum}, as soon as the services under load
 * compiled less than {@code quiet} in the last slice, and at {@code maximum} in any case. Without a compile
 * figure (the metric could not be scraped) the minimum is all it can do.
 */
public record WarmUpPolicy(Duration minimum, Duration maximum, Duration quiet, Duration slice) {

    /** Why the warm-up ended, or that it goes on. */
    public enum Verdict {
        /** not yet: below the minimum, or still compiling below the maximum */
        CONTINUE,
        /** the last slice compiled less than {@code quiet} */
        JIT_SETTLED,
        /** no compile figure: the minimum is used */
        NOT_MEASURED,
        /** still compiling, but the maximum is reached */
        MAXIMUM_REACHED
    }

    public WarmUpPolicy {
        if (minimum.isNegative() || maximum.compareTo(minimum) < 0 || quiet.isNegative()
                || slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("need 0 <= minimum <= maximum, quiet >= 0 and slice > 0");
        }
    }

    public static WarmUpPolicy of(LagOptions options, Duration slice) {
        return new WarmUpPolicy(options.warmup(), options.warmupMax(), options.jitQuiet(), slice);
    }

    /** Whether the warm-up waits for the JIT at all, or is simply {@code minimum} long. */
    public boolean adaptive() {
        return maximum.compareTo(minimum) > 0;
    }

    /** The next slice after {@code done}: {@code slice}, shortened so as not to run past the maximum. */
    public Duration nextSlice(Duration done) {
        Duration left = maximum.minus(done);
        return left.compareTo(slice) < 0 ? left : slice;
    }

    /**
     * @param done warm-up so far
     * @param lastSliceCompiledMs compile time of the services in the slice that just ended, if scraped
     */
    public Verdict verdict(Duration done, OptionalDouble lastSliceCompiledMs) {
        if (done.compareTo(minimum) < 0) {
            return Verdict.CONTINUE;
        }
        if (lastSliceCompiledMs.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        if (lastSliceCompiledMs.getAsDouble() < quiet.toMillis()) {
            return Verdict.JIT_SETTLED;
        }
        return done.compareTo(maximum) >= 0 ? Verdict.MAXIMUM_REACHED : Verdict.CONTINUE;
    }
}
