package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.contract.event.NameChangeType;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Pure logic: the node consumers of one instance share each record's read, and only for that very record. */
class RecordReaderTest {

    private static final KetamaRing RING = new KetamaRing(List.of("m1:11211", "m2:11211"));
    private static final Instant COMMITTED = Instant.parse("2026-11-30T11:00:00.123456Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void theSecondNodesConsumerGetsTheReadTheFirstMadeOfItsOwnCopy() {
        RecordReader reader = new RecordReader(1024, 2, meters);
        ConsumerRecord<String, byte[]> first = change(7, "nm0000007", 1960);
        ConsumerRecord<String, byte[]> copy = copyOf(first);

        RecordRead read = reader.read(first, RING);

        assertThat(reader.read(copy, RING)).isSameAs(read);
        assertThat(read.kind()).isEqualTo(RecordRead.Kind.CHANGE);
        assertThat(read.event().nconst()).isEqualTo("nm0000007");
        assertThat(reads("own")).isEqualTo(1);
        assertThat(reads("shared")).isEqualTo(1);
    }

    @Test
    void eachNodeGetsExactlyItsShareOfTheKeysFromOneSharedRead() {
        RecordReader reader = new RecordReader(1024, 2, meters);
        ConsumerRecord<String, byte[]> record = change(3, "nm0000003", 1971);
        Set<String> onM1 = new LinkedHashSet<>();
        Set<String> onM2 = new LinkedHashSet<>();

        reader.read(record, RING).addOwned(onM1, RING, "m1:11211");
        reader.read(copyOf(record), RING).addOwned(onM2, RING, "m2:11211");

        List<String> affected = CacheKeys.affectedBy(NameChangeEventCodec.decode(record.value()));
        assertThat(affected).hasSizeGreaterThan(1);
        assertThat(onM1).allMatch(key -> RING.nodeFor(key).equals("m1:11211"));
        assertThat(onM2).allMatch(key -> RING.nodeFor(key).equals("m2:11211"));
        Set<String> both = new LinkedHashSet<>(onM1);
        both.addAll(onM2);
        assertThat(both).containsExactlyInAnyOrderElementsOf(affected);
    }

    @Test
    void aConsumerOfAnotherPoolHashesTheSharedKeysOnItsOwnRing() {
        RecordReader reader = new RecordReader(1024, 2, meters);
        KetamaRing otherPool = new KetamaRing(List.of("zone-b-1:11211", "zone-b-2:11211", "zone-b-3:11211"));
        ConsumerRecord<String, byte[]> record = change(5, "nm0000005", 1980);
        reader.read(record, RING);

        List<String> affected = CacheKeys.affectedBy(NameChangeEventCodec.decode(record.value()));
        Set<String> all = new LinkedHashSet<>();
        for (String node : otherPool.nodes()) {
            Set<String> owned = new LinkedHashSet<>();
            reader.read(copyOf(record), otherPool).addOwned(owned, otherPool, node);
            assertThat(owned).allMatch(key -> otherPool.nodeFor(key).equals(node));
            all.addAll(owned);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(affected);
    }

    @Test
    void aDifferentRecordAtTheSameOffsetIsReadAfreshNotGivenTheOldRead() {
        // A topic deleted and created again starts its offsets over.
        RecordReader reader = new RecordReader(1024, 2, meters);
        reader.read(change(9, "nm0000009", 1950), RING);

        RecordRead other = reader.read(change(9, "nm0000010", 1950), RING);

        assertThat(other.event().nconst()).isEqualTo("nm0000010");
        assertThat(reads("shared")).isZero();
    }

    @Test
    void aConsumerFurtherBehindThanTheWindowReadsForItselfAndGetsTheSameMeaning() {
        RecordReader reader = new RecordReader(4, 2, meters);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int offset = 0; offset < 12; offset++) {
            records.add(change(offset, "nm%07d".formatted(100 + offset), 1900 + offset));
            reader.read(records.getLast(), RING);
        }

        RecordRead behind = reader.read(copyOf(records.getFirst()), RING);
        RecordRead recent = reader.read(copyOf(records.getLast()), RING);

        assertThat(behind.event()).isEqualTo(NameChangeEventCodec.decode(records.getFirst().value()));
        assertThat(recent.event()).isEqualTo(NameChangeEventCodec.decode(records.getLast().value()));
        assertThat(reads("shared")).isEqualTo(1);
        assertThat(reads("own")).isEqualTo(13);
    }

    @Test
    void aReadIsDroppedOnceEveryOtherNodesConsumerHasTakenIt() {
        RecordReader reader = new RecordReader(1024, 3, meters);
        ConsumerRecord<String, byte[]> record = change(11, "nm0000011", 1990);
        RecordRead read = reader.read(record, RING);

        assertThat(reader.read(copyOf(record), RING)).isSameAs(read);
        assertThat(reader.read(copyOf(record), RING)).isSameAs(read);
        // Both others have it: a fourth read (say, a retried batch) reads for itself.
        RecordRead again = reader.read(copyOf(record), RING);

        assertThat(again).isNotSameAs(read);
        assertThat(again.event()).isEqualTo(read.event());
        assertThat(reads("shared")).isEqualTo(2);
        assertThat(reads("own")).isEqualTo(2);
    }

    @Test
    void withOneNodeNothingIsKept() {
        RecordReader reader = new RecordReader(1024, 1, meters);
        ConsumerRecord<String, byte[]> record = change(12, "nm0000012", 1990);

        RecordRead first = reader.read(record, RING);

        assertThat(reader.read(copyOf(record), RING)).isNotSameAs(first);
        assertThat(reads("shared")).isZero();
    }

    @Test
    void aWindowOfZeroSharesNothing() {
        RecordReader reader = new RecordReader(0, 2, meters);
        ConsumerRecord<String, byte[]> record = change(1, "nm0000001", null);

        RecordRead first = reader.read(record, RING);

        assertThat(reader.read(copyOf(record), RING)).isNotSameAs(first);
        assertThat(reads("shared")).isZero();
    }

    @Test
    void aPoisonRecordIsSharedWithItsReasonAndTheRecordKeyItCanStillInvalidate() {
        RecordReader reader = new RecordReader(1024, 2, meters);
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>(Topics.NAME_CHANGES, 0, 4, "nm0000004",
                "{not json".getBytes(StandardCharsets.UTF_8));

        RecordRead read = reader.read(poison, RING);
        Set<String> owned = new LinkedHashSet<>();
        reader.read(copyOf(poison), RING).addOwned(owned, RING, RING.nodeFor(CacheKeys.name("nm0000004")));

        assertThat(read.kind()).isEqualTo(RecordRead.Kind.POISON);
        assertThat(read.reason()).isNotNull();
        assertThat(owned).containsExactly(CacheKeys.name("nm0000004"));
        assertThat(reads("shared")).isEqualTo(1);
    }

    private double reads(String read) {
        return meters.get("names.invalidator.record.reads").tag("read", read).functionCounter().count();
    }

    private static ConsumerRecord<String, byte[]> change(long offset, String nconst, Integer birthYear) {
        NameChangeEvent event = NameChangeEvent.of(UUID.nameUUIDFromBytes((nconst + offset).getBytes(StandardCharsets.UTF_8)),
                NameChangeType.UPDATED, nconst, 2, birthYear == null ? null : birthYear - 1, birthYear, COMMITTED);
        return new ConsumerRecord<>(Topics.NAME_CHANGES, 0, offset, nconst, NameChangeEventCodec.encode(event));
    }

    /** Another node consumer's copy of the same record: equal contents, its own objects. */
    private static ConsumerRecord<String, byte[]> copyOf(ConsumerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), new String(record.key()),
                record.value().clone());
    }
}
