package names.invalidator.changes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.contract.event.NameChangeType;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The invalidator's per-record CPU, without Kafka, memcached or Spring: what one node's consumer does with
 * every polled record before and after its deletes (issue 14 item 7: a drain pays it once per node group
 * for every change). Prints the thread's CPU ns per record for each stage; asserts nothing. Not a test (no {@code Test}
 * suffix): run it by hand, see docs/BENCHMARKS.md.
 *
 * <p>The records are what the consumer hands the listener: change events written with the real codec,
 * keyed by nconst, with the relay's CloudEvents headers, plus one heartbeat per 500 records, stored in a
 * Kafka record batch and parsed back the way the consumer's fetch does it (headers decoded lazily, key
 * and value deserialized), freshly for every pass so no header stays decoded from an earlier one.
 */
public final class PerRecordBenchmark {

    private static final String TOPIC = Topics.NAME_CHANGES;
    private static final int BATCH = 500;
    private static final List<String> NODES = List.of("memcached-1:11211", "memcached-2:11211");

    private static volatile Object sink;
    private static double baseline;

    private PerRecordBenchmark() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<MemoryRecords> batches = batches(records);
        KetamaRing ring = new KetamaRing(NODES);
        String node = NODES.getFirst();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InvalidationMetrics.NodeMeters meters = new InvalidationMetrics(registry).forNode("main", node);
        System.out.printf("%,d records (%d-record batches, %d heartbeats), ring %s; each stage run for %d s"
                + " after %d s of warm-up, CPU ns of the thread per record (one node group; a drain pays it once per node)%n",
                records, BATCH, records / BATCH, NODES, seconds, seconds);

        baseline = stage("poll: parse the record batch (baseline, in every row below)", batches, seconds,
                polled -> polled.size());
        stage("classify (heartbeat or event, by ce_type)", batches, seconds, polled -> {
            long heartbeats = 0;
            for (ConsumerRecord<String, byte[]> record : polled) {
                heartbeats += RecordRead.isHeartbeat(record) ? 1 : 0;
            }
            return heartbeats;
        });
        stage("decode change events", batches, seconds, polled -> {
            long versions = 0;
            for (ConsumerRecord<String, byte[]> record : polled) {
                if (record.key() != null) {
                    versions += NameChangeEventCodec.decode(record.value()).version();
                }
            }
            return versions;
        });
        List<NameChangeEvent> decoded = new ArrayList<>();
        for (MemoryRecords batch : batches) {
            for (ConsumerRecord<String, byte[]> record : poll(batch)) {
                if (record.key() != null) {
                    decoded.add(NameChangeEventCodec.decode(record.value()));
                }
            }
        }
        List<String> affected = decoded.stream().flatMap(event -> CacheKeys.affectedBy(event).stream()).toList();
        System.out.printf("%.2f affected keys per change event%n", (double) affected.size() / decoded.size());
        alone("affected keys alone (per change event)", decoded, seconds, CacheKeys::affectedBy);
        alone("ring owner alone (per key)", affected, seconds, ring::nodeFor);
        stage("decode + affected keys + ring owner", batches, seconds, polled -> {
            long owned = 0;
            for (ConsumerRecord<String, byte[]> record : polled) {
                if (record.key() != null) {
                    for (String key : CacheKeys.affectedBy(NameChangeEventCodec.decode(record.value()))) {
                        owned += ring.nodeFor(key).equals(node) ? 1 : 0;
                    }
                }
            }
            return owned;
        });
        RecordReader unshared = new RecordReader(0, 2, registry);
        stage("NodeBatch.read (all of the above, as the listener does it)", batches, seconds,
                polled -> NodeBatch.read(polled, unshared, ring, node, record -> true).keys().size());
        stage("NodeBatch.read + lag meter per event", batches, seconds, polled -> {
            NodeBatch batch = NodeBatch.read(polled, unshared, ring, node, record -> true);
            Instant now = Instant.now();
            batch.events().forEach(event -> meters.applied(event.committedAt(), now));
            return batch.keys().size();
        });
        twoGroups("two node groups, each reading every record itself", batches, seconds, ring, unshared);
        twoGroups("two node groups sharing one RecordReader", batches, seconds, ring, new RecordReader(4096, 2, registry));
    }

    /**
     * Both node groups of a drain, each with its own parse of every batch, reading for itself or through one
     * shared {@link RecordReader}: CPU ns per record for the two together.
     */
    private static void twoGroups(String name, List<MemoryRecords> batches, int seconds, KetamaRing ring,
            RecordReader reader) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double perRecord = 0;
        for (int round = 0; round < 2; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long count = 0;
            long owned = 0;
            do {
                for (MemoryRecords batch : batches) {
                    // Each group's consumer fetches and parses its own copy of the records.
                    owned += NodeBatch.read(poll(batch), reader, ring, NODES.get(0), record -> true).keys().size();
                    List<ConsumerRecord<String, byte[]>> polled = poll(batch);
                    owned += NodeBatch.read(polled, reader, ring, NODES.get(1), record -> true).keys().size();
                    count += polled.size();
                }
            } while (System.nanoTime() - start < seconds * 1_000_000_000L);
            sink = owned;
            perRecord = (double) (threads.getCurrentThreadCpuTime() - cpu) / count;
        }
        System.out.printf("%-62s %8.1f ns/record  (%7.1f beyond the two parses)%n", name, perRecord, perRecord - 2 * baseline);
    }

    /**
     * Times {@code work} over fresh parses of every batch, after as long a warm-up, and prints ns per record,
     * also without the parse baseline.
     */
    private static double stage(String name, List<MemoryRecords> batches, int seconds,
            ToLongFunction<List<ConsumerRecord<String, byte[]>>> work) {
        run(batches, seconds * 1_000_000_000L, work);
        long[] measured = run(batches, seconds * 1_000_000_000L, work);
        double perRecord = (double) measured[0] / measured[1];
        System.out.printf("%-62s %8.1f ns/record  (%7.1f beyond the parse)%n", name, perRecord, perRecord - baseline);
        return perRecord;
    }

    /** Like {@link #stage}, for work on each item of a prepared list: CPU ns per item. */
    private static <T> void alone(String name, List<T> items, int seconds, Function<T, ?> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long perItem = 0;
        for (int round = 0; round < 2; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long count = 0;
            do {
                for (T item : items) {
                    sink = work.apply(item);
                }
                count += items.size();
            } while (System.nanoTime() - start < seconds * 1_000_000_000L);
            perItem = (threads.getCurrentThreadCpuTime() - cpu) / count;
        }
        System.out.printf("%-62s %8d ns%n", name, perItem);
    }

    /**
     * @return {CPU ns of this thread, records}: CPU time, not wall time, so that other work on a shared
     *     machine (descheduling) does not count
     */
    private static long[] run(List<MemoryRecords> batches, long nanos, ToLongFunction<List<ConsumerRecord<String, byte[]>>> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long count = 0;
        long result = 0;
        do {
            for (MemoryRecords batch : batches) {
                List<ConsumerRecord<String, byte[]>> polled = poll(batch);
                result += work.applyAsLong(polled);
                count += polled.size();
            }
        } while (System.nanoTime() - start < nanos);
        sink = result;
        return new long[] {threads.getCurrentThreadCpuTime() - cpu, count};
    }

    /** As the consumer's fetch turns a stored record into a {@link ConsumerRecord} (CompletedFetch.parseRecord). */
    private static List<ConsumerRecord<String, byte[]>> poll(MemoryRecords batch) {
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer values = new ByteArrayDeserializer();
        List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>(BATCH);
        for (Record record : batch.records()) {
            RecordHeaders headers = new RecordHeaders(record.headers());
            ByteBuffer key = record.key();
            ByteBuffer value = record.value();
            polled.add(new ConsumerRecord<>(TOPIC, 0, record.offset(), record.timestamp(), TimestampType.CREATE_TIME,
                    key == null ? ConsumerRecord.NULL_SIZE : key.remaining(), value.remaining(),
                    key == null ? null : keys.deserialize(TOPIC, headers, key), values.deserialize(TOPIC, headers, value),
                    headers, java.util.Optional.empty()));
        }
        return polled;
    }

    /** A bulk import's events: mostly new names (created, a birth year for about half), some updates. */
    private static List<MemoryRecords> batches(int records) {
        Random random = new Random(42);
        Instant committedAt = Instant.parse("2026-11-30T08:00:00.000001Z");
        List<MemoryRecords> batches = new ArrayList<>();
        MemoryRecordsBuilder builder = null;
        for (int i = 0; i < records; i++) {
            if (i % BATCH == 0) {
                if (builder != null) {
                    batches.add(builder.build());
                }
                builder = MemoryRecords.builder(ByteBuffer.allocate(BATCH * 600), RecordBatch.CURRENT_MAGIC_VALUE,
                        Compression.NONE, TimestampType.CREATE_TIME, i);
            }
            committedAt = committedAt.plusNanos(1000L * (1 + random.nextInt(20)));
            if (i % BATCH == BATCH - 1) {
                Heartbeat heartbeat = Heartbeat.of(0, committedAt, committedAt);
                builder.append(committedAt.toEpochMilli(), null, HeartbeatCodec.encode(heartbeat),
                        headers(UUID.randomUUID().toString(), Heartbeat.TYPE, committedAt));
                continue;
            }
            boolean update = random.nextInt(4) == 0;
            Integer oldYear = update && random.nextBoolean() ? Integer.valueOf(1850 + random.nextInt(170)) : null;
            Integer newYear = random.nextBoolean() ? Integer.valueOf(1850 + random.nextInt(170)) : oldYear;
            NameChangeEvent event = NameChangeEvent.of(UUID.randomUUID(),
                    update ? NameChangeType.UPDATED : NameChangeType.CREATED,
                    "nm%07d".formatted(1 + random.nextInt(9_999_999)), 1 + random.nextInt(1000), oldYear, newYear,
                    committedAt);
            builder.append(committedAt.toEpochMilli(), event.nconst().getBytes(StandardCharsets.UTF_8),
                    NameChangeEventCodec.encode(event), headers(event.eventId().toString(), event.type().wireName(),
                            committedAt));
        }
        batches.add(builder.build());
        return batches;
    }

    /** The relay's CloudEvents headers, in its order (names-writer OutboxPublisher). */
    private static Header[] headers(String id, String type, Instant time) {
        return new Header[] {
                header(CloudEventHeaders.ID, id),
                header(CloudEventHeaders.TYPE, type),
                header(CloudEventHeaders.SOURCE, CloudEventHeaders.WRITER_SOURCE),
                header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE),
                header(CloudEventHeaders.TIME, time.toString()),
                header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_VALUE)};
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
