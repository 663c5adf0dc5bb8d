package names.tools.lag;

import java.time.Duration;
import java.util.OptionalDouble;

import names.tools.lag.WarmUpPolicy.Verdict;

/**
 * How the lag benchmark's warm-up went.
 *
 * @param length how long it ran
 * @param writes how many writes it issued
 * @param lastSliceCompiledMs writer + invalidator compile time in the last 10 s, when adaptive and scraped
 * @param verdict why it ended (null for a fixed warm-up)
 */
record WarmUp(Duration length, int writes, OptionalDouble lastSliceCompiledMs, Verdict verdict) {
}
