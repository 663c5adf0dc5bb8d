package names.invalidator.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;
import org.junit.jupiter.api.Test;

class PendingChecksTest {

    private static final long[] WINDOWS = {1_000, 10_000, 60_000};

    @Test
    void eachWindowTakesEveryChangeOnceWhenDueWithAllItsFields() {
        PendingChecks checks = new PendingChecks(WINDOWS, 4);
        NameChangeEvent created = new NameChangeEvent(3, UUID.randomUUID(), NameChangeType.CREATED, "nm0000001", 1,
                null, 1970, Instant.parse("2026-11-30T13:00:00.123456789Z"));
        NameChangeEvent deleted = NameChangeEvent.of(UUID.randomUUID(), NameChangeType.DELETED, "nm1234567890", 42,
                1899, null, Instant.parse("1969-12-31T23:59:59.999999Z"));
        checks.add(0, 100, created);
        checks.add(1, 150, deleted);
        assertThat(checks.queued()).isEqualTo(6);

        assertThat(checks.nextWindow()).isZero();
        assertThat(checks.dueAt(0)).isEqualTo(1_100);
        assertThat(checks.take(0, 1_099, 10)).isEmpty();
        assertThat(checks.take(0, 1_100, 10)).containsExactly(new PendingChecks.Due(0, created));
        assertThat(checks.take(0, 5_000, 10)).containsExactly(new PendingChecks.Due(1, deleted));
        assertThat(checks.take(0, 100_000, 10)).isEmpty();
        assertThat(checks.queued()).isEqualTo(4);

        assertThat(checks.nextWindow()).isEqualTo(1);
        assertThat(checks.take(1, 10_150, 10)).extracting(PendingChecks.Due::event).containsExactly(created, deleted);
        assertThat(checks.nextWindow()).isEqualTo(2);
        assertThat(checks.dueAt(2)).isEqualTo(60_100);
        assertThat(checks.kept()).isEqualTo(2);
        assertThat(checks.take(2, 60_100, 10)).extracting(PendingChecks.Due::event).containsExactly(created);
        assertThat(checks.kept()).isEqualTo(1);
        assertThat(checks.take(2, 60_150, 10)).extracting(PendingChecks.Due::event).containsExactly(deleted);
        assertThat(checks.kept()).isZero();
        assertThat(checks.queued()).isZero();
        assertThat(checks.nextWindow()).isEqualTo(-1);
    }

    @Test
    void takesAtMostTheAskedNumberAndLeavesTheRestForTheNextTake() {
        PendingChecks checks = new PendingChecks(WINDOWS, 4);
        for (int i = 0; i < 10; i++) {
            checks.add(0, 0, event(i));
        }
        assertThat(checks.take(0, 1_000, 4)).hasSize(4);
        assertThat(checks.take(0, 1_000, 4)).hasSize(4);
        assertThat(checks.take(0, 1_000, 4)).hasSize(2);
        assertThat(checks.queued()).isEqualTo(20);
    }

    /** Adds and takes interleaved past many growths and wrap-arounds of the ring: nothing lost, reordered or repeated. */
    @Test
    void growsAndWrapsAroundWithoutLosingOrReorderingAChange() {
        PendingChecks checks = new PendingChecks(WINDOWS, 2);
        SplittableRandom random = new SplittableRandom(11);
        List<List<NameChangeEvent>> taken = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<NameChangeEvent> added = new ArrayList<>();
        long now = 0;
        for (int round = 0; round < 2_000; round++) {
            now += random.nextInt(200);
            for (int i = random.nextInt(8); i > 0; i--) {
                NameChangeEvent event = event(added.size());
                added.add(event);
                checks.add(random.nextInt(3), now, event);
            }
            for (int w = 0; w < WINDOWS.length; w++) {
                List<NameChangeEvent> seen = taken.get(w);
                checks.take(w, now, random.nextInt(1, 6)).forEach(due -> seen.add(due.event()));
            }
        }
        now += WINDOWS[2];
        for (int w = 0; w < WINDOWS.length; w++) {
            List<NameChangeEvent> seen = taken.get(w);
            List<PendingChecks.Due> rest;
            while (!(rest = checks.take(w, now, 100)).isEmpty()) {
                rest.forEach(due -> seen.add(due.event()));
            }
            assertThat(seen).containsExactlyElementsOf(added);
        }
        assertThat(added).hasSizeGreaterThan(5_000);
        assertThat(checks.kept()).isZero();
        assertThat(checks.queued()).isZero();
    }

    @Test
    void eachWindowSeesTheChangesInTheOrderTheyWereApplied() {
        PendingChecks checks = new PendingChecks(WINDOWS, 2);
        List<NameChangeEvent> added = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            added.add(event(i));
            checks.add(i % 2, i, added.getLast());
        }
        for (int w = 0; w < WINDOWS.length; w++) {
            List<NameChangeEvent> seen = new ArrayList<>();
            List<PendingChecks.Due> chunk;
            while (!(chunk = checks.take(w, 1_000_000, 7)).isEmpty()) {
                chunk.forEach(due -> seen.add(due.event()));
            }
            assertThat(seen).containsExactlyElementsOf(added);
        }
        assertThat(checks.kept()).isZero();
    }

    @Test
    void refusesAChangeAppliedBeforeTheLastOne() {
        PendingChecks checks = new PendingChecks(WINDOWS, 4);
        checks.add(0, 100, event(1));
        assertThatThrownBy(() -> checks.add(0, 99, event(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(checks.lastAppliedAt()).isEqualTo(100);
    }

    private static NameChangeEvent event(int i) {
        return NameChangeEvent.of(new UUID(i, -i), NameChangeType.values()[i % 3], "nm%07d".formatted(i), i,
                i % 5 == 0 ? null : 1900 + i % 100, i % 7 == 0 ? null : 1950 + i % 50,
                Instant.ofEpochSecond(1_700_000_000L + i, i * 1_000L));
    }
}
