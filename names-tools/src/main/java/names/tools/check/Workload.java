package names.tools.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import names.tools.client.ApiClient;
import names.tools.client.NameWrite;
import names.tools.client.WriterClient;

/**
 * Readers and writers hammering the K workload names, plus occasional direct SQL updates.
 *
 * <p>Each thread draws every choice (operation, name, values, whether to sample) from its own
 * {@link Random} seeded from {@code --seed} and its index, before doing any I/O: the same seed replays
 * the same operation sequence per thread, whatever the responses. (Interleaving across threads is up to
 * the scheduler, which is the point of running it concurrently.)
 */
final class Workload {

    private static final List<String> FIRST = List.of("Ada", "Bela", "Chen", "Dora", "Emil", "Fatima", "Goran",
            "Hana", "Ivo", "Jun", "Kaja", "Lars", "Mira", "Noor", "Otto", "Pia");
    private static final List<String> LAST = List.of("Abara", "Brandt", "Costa", "Dvorak", "Eklund", "Fujita",
            "Gallo", "Horvat", "Ibsen", "Jansen", "Kowalski", "Lindqvist");
    private static final List<String> PROFESSIONS = List.of("actor", "actress", "director", "writer", "producer",
            "composer", "editor", "cinematographer");

    private final CheckerOptions options;
    private final ApiClient api;
    private final WriterClient writer;
    private final OperationCounts counts;
    private final StalenessProbes probes;
    private final ReadStaleness readStaleness;
    private final AtomicLong claimed = new AtomicLong();
    private volatile long deadlineNanos;

    Workload(CheckerOptions options, ApiClient api, WriterClient writer, OperationCounts counts,
            StalenessProbes probes, ReadStaleness readStaleness) {
        this.options = options;
        this.api = api;
        this.writer = writer;
        this.counts = counts;
        this.probes = probes;
        this.readStaleness = readStaleness;
    }

    /** Puts every workload name into a known state (created or replaced), so runs start alike. */
    void prepare() throws IOException, InterruptedException {
        Random random = new Random(options.seed());
        for (String nconst : options.nconsts()) {
            WriterClient.WriteResult result = writer.replace(randomName(random, nconst, "init"));
            if (!result.succeeded()) {
                throw new IOException("preparing " + nconst + ": PUT answered " + result.status() + " " + result.body());
            }
            long ackNanos = System.nanoTime();
            probes.acknowledged(nconst, result.version(), ackNanos);
            readStaleness.acknowledged(nconst, result.version(), ackNanos);
        }
    }

    void run() throws Exception {
        deadlineNanos = System.nanoTime() + options.duration().toNanos();
        int threads = options.readers() + options.writers();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < options.writers(); i++) {
                int index = i;
                running.add(executor.submit(() -> {
                    writeLoop(index);
                    return null;
                }));
            }
            for (int i = 0; i < options.readers(); i++) {
                int index = i;
                running.add(executor.submit(() -> {
                    readLoop(index);
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private boolean claim() {
        return options.operations() > 0
                ? claimed.getAndIncrement() < options.operations()
                : System.nanoTime() < deadlineNanos;
    }

    private void writeLoop(int index) throws Exception {
        Random random = new Random(threadSeed("writer", index));
        PostgresNames sql = options.sqlEvery() > 0
                ? new PostgresNames(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword()) : null;
        try {
            long sequence = 0;
            while (claim()) {
                sequence++;
                String nconst = options.nconst(random.nextInt(options.names()));
                boolean sampled = random.nextInt(options.sampleEvery()) == 0;
                String tag = "w" + index + "-" + sequence;
                if (sql != null && random.nextInt(options.sqlEvery()) == 0) {
                    String newName = randomName(random, nconst, tag).primaryName();
                    timed("SQL", () -> {
                        Long version = sql.renameDirectly(nconst, newName);
                        afterWrite(nconst, version, version != null, sampled);
                        return version == null ? "absent" : "ok";
                    });
                    continue;
                }
                int choice = random.nextInt(20);
                if (choice < 7) {
                    NameWrite name = randomName(random, nconst, tag);
                    write("PUT", nconst, sampled, () -> writer.replace(name));
                } else if (choice < 14) {
                    Map<String, Object> patch = randomPatch(random, tag);
                    write("PATCH", nconst, sampled, () -> writer.patch(nconst, patch));
                } else if (choice < 17) {
                    write("DELETE", nconst, sampled, () -> writer.delete(nconst));
                } else {
                    NameWrite name = randomName(random, nconst, tag);
                    write("POST", nconst, sampled, () -> writer.create(name));
                }
            }
        } finally {
            if (sql != null) {
                sql.close();
            }
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private void write(String type, String nconst, boolean sampled, Call<WriterClient.WriteResult> call) {
        timed(type, () -> {
            WriterClient.WriteResult result = call.call();
            if (result.succeeded()) {
                afterWrite(nconst, type.equals("DELETE") ? null : result.version(), true, sampled);
            }
            return String.valueOf(result.status());
        });
    }

    private void afterWrite(String nconst, Long version, boolean applied, boolean sampled) {
        if (!applied) {
            return;
        }
        long ackNanos = System.nanoTime();
        probes.acknowledged(nconst, version, ackNanos);
        if (version != null) {
            readStaleness.acknowledged(nconst, version, ackNanos);
        }
        if (sampled) {
            probes.probe(nconst, version, ackNanos);
        }
    }

    private void readLoop(int index) {
        Random random = new Random(threadSeed("reader", index));
        while (claim()) {
            if (random.nextInt(5) == 0) {
                int year = options.firstYear() + random.nextInt(options.yearCount());
                int limit = random.nextBoolean() ? 20 : ApiClient.MAX_LIMIT;
                timed("LIST", () -> {
                    ApiClient.PageRead read = api.list(year, null, limit);
                    return read.status() + " " + read.cache();
                });
            } else {
                String nconst = options.nconst(random.nextInt(options.names()));
                timed("GET", () -> {
                    long sentNanos = System.nanoTime();
                    ApiClient.NameRead read = api.get(nconst);
                    if (read.found()) {
                        readStaleness.read(nconst, read.version(), sentNanos);
                    }
                    return read.status() + " " + read.cache();
                });
            }
        }
    }

    /** Counts the operation under "TYPE outcome"; an exception counts as an error, never stops the thread. */
    private void timed(String type, Call<String> operation) {
        String outcome;
        try {
            outcome = operation.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        } catch (Exception e) {
            outcome = "error " + e.getClass().getSimpleName();
        }
        counts.add(type + " " + outcome);
    }

    private long threadSeed(String role, int index) {
        return options.seed() * 1_000_003L + role.hashCode() * 31L + index;
    }

    private NameWrite randomName(Random random, String nconst, String tag) {
        Integer birthYear = random.nextInt(20) == 0 ? null : randomYear(random);
        // Death years lie after every workload birth year, so a later birthYear patch never breaks deathYear >= birthYear.
        Integer deathYear = random.nextInt(3) == 0 ? options.lastYear() + 1 + random.nextInt(40) : null;
        List<String> professions = new ArrayList<>();
        int professionCount = 1 + random.nextInt(3);
        while (professions.size() < professionCount) {
            String profession = PROFESSIONS.get(random.nextInt(PROFESSIONS.size()));
            if (!professions.contains(profession)) {
                professions.add(profession);
            }
        }
        List<String> titles = new ArrayList<>();
        int titleCount = random.nextInt(5);
        for (int i = 0; i < titleCount; i++) {
            titles.add(String.format("tt%07d", random.nextInt(10_000_000)));
        }
        String primaryName = FIRST.get(random.nextInt(FIRST.size())) + " " + LAST.get(random.nextInt(LAST.size()))
                + " " + tag;
        return new NameWrite(nconst, primaryName, birthYear, deathYear, professions, titles);
    }

    private Map<String, Object> randomPatch(Random random, String tag) {
        Map<String, Object> patch = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> patch.put("birthYear", randomYear(random));
            case 1 -> patch.put("birthYear", null);
            case 2 -> patch.put("knownForTitles", List.of(String.format("tt%07d", random.nextInt(10_000_000))));
            default -> { }
        }
        patch.put("primaryName", FIRST.get(random.nextInt(FIRST.size())) + " Patched " + tag);
        return patch;
    }

    private int randomYear(Random random) {
        return options.firstYear() + random.nextInt(options.yearCount());
    }
}
