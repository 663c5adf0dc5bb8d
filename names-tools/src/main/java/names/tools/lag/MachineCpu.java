package names.tools.lag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time, from the {@code cpu} line of Linux's {@code /proc/stat}, read before and
 * after the measurement. The load generator and the stack share the cores: once they are nearly all busy,
 * the run queue behind every pause or compilation sets the lag's tail, not the invalidation protocol, and a
 * report that does not say so invites the wrong conclusion. Steal is time the hypervisor ran another guest.
 *
 * @param busyTicks user, nice, system, irq and softirq (guest time is already in user)
 * @param idleTicks idle and iowait
 * @param stealTicks steal
 */
record MachineCpu(long busyTicks, long idleTicks, long stealTicks) {

    static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters now; empty where there is no {@code /proc/stat} (not Linux) or it cannot be read. */
    static Optional<MachineCpu> read(Path procStat) {
        if (!Files.isReadable(procStat)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(procStat)) {
            return lines.filter(line -> line.startsWith("cpu ")).findFirst().flatMap(MachineCpu::parse);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The aggregate {@code cpu} line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
    static Optional<MachineCpu> parse(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) {
            return Optional.empty();
        }
        try {
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
            return Optional.of(new MachineCpu(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6],
                    ticks[3] + ticks[4], ticks[7]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How the time since {@code before} was spent, as shares of all of it; empty if no tick went by. */
    Optional<Usage> since(MachineCpu before) {
        long busy = busyTicks - before.busyTicks;
        long idle = idleTicks - before.idleTicks;
        long steal = stealTicks - before.stealTicks;
        long total = busy + idle + steal;
        if (total <= 0 || busy < 0 || idle < 0 || steal < 0) {
            return Optional.empty();
        }
        return Optional.of(new Usage((double) busy / total, (double) steal / total));
    }

    /**
     * @param busy share of the machine's CPU time this system spent working
     * @param stolen share the hypervisor gave to other guests
     */
    record Usage(double busy, double stolen) {
    }
}
