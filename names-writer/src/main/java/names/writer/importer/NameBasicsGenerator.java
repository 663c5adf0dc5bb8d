package names.writer.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic, realistic-looking name.basics file: the real file is 900 MB and cannot be fetched
 * in tests or CI. Deterministic: {@link Random} is specified bit for bit and GZIPOutputStream writes no
 * timestamp, so the same rows and seed give the same bytes on every JVM.
 */
public final class NameBasicsGenerator {

    private static final String[] FIRST_NAMES = {
        "Fred", "Lauren", "Ingrid", "Marlon", "Audrey", "Humphrey", "Greta", "James", "Sophia", "Toshiro",
        "Catherine", "Marcello", "Grace", "Cary", "Bette", "Jean", "Liv", "Akira", "Rita", "Orson", "Vivien",
        "Gene", "Ava", "Sidney", "Ruby", "Alain", "Monica", "Satyajit", "Juliette", "Omar"
    };
    private static final String[] LAST_NAMES = {
        "Astaire", "Bacall", "Bergman", "Brando", "Hepburn", "Bogart", "Garbo", "Stewart", "Loren", "Mifune",
        "Deneuve", "Mastroianni", "Kelly", "Grant", "Davis", "Gabin", "Ullmann", "Kurosawa", "Hayworth", "Welles",
        "Leigh", "Kelly-Hart", "Gardner", "Poitier", "Dee", "Delon", "Vitti", "Ray", "Binoche", "Sharif"
    };
    private static final String[] PROFESSIONS = {
        "actor", "actress", "director", "writer", "producer", "composer", "cinematographer", "editor",
        "soundtrack", "stunts", "miscellaneous", "music_department", "camera_department", "casting_director",
        "art_director", "make_up_department", "assistant_director", "sound_department", "costume_designer",
        "animation_department"
    };
    /** Fixed, not the current year: the output must not depend on when it is generated. */
    private static final int LAST_YEAR = 2024;

    private NameBasicsGenerator() {
    }

    /** Writes {@code rows} names (nm0000001 upwards); gzip-compressed if the file name ends with .gz. */
    public static void generate(long rows, Path file, long seed) throws IOException {
        Random random = new Random(seed);
        OutputStream raw = Files.newOutputStream(file);
        OutputStream out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            writer.write(NameBasicsFormat.HEADER);
            writer.write('\n');
            StringBuilder line = new StringBuilder(128);
            for (long i = 1; i <= rows; i++) {
                line.setLength(0);
                appendRow(line, i, random);
                writer.append(line);
            }
        }
    }

    private static void appendRow(StringBuilder line, long index, Random random) {
        line.append(String.format(Locale.ROOT, "nm%07d", index)).append('\t');
        line.append(FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]).append(' ')
                .append(LAST_NAMES[random.nextInt(LAST_NAMES.length)]).append('\t');
        Integer birth = random.nextInt(10) == 0 ? null : 1900 + random.nextInt(106);
        Integer death = null;
        if (birth != null && random.nextInt(4) == 0) {
            int candidate = birth + 20 + random.nextInt(80);
            death = candidate <= LAST_YEAR ? candidate : null;
        }
        line.append(birth == null ? NameBasicsFormat.NULL : birth.toString()).append('\t');
        line.append(death == null ? NameBasicsFormat.NULL : death.toString()).append('\t');
        List<String> professions = new ArrayList<>(3);
        int professionCount = 1 + random.nextInt(3);
        while (professions.size() < professionCount) {
            String profession = PROFESSIONS[random.nextInt(PROFESSIONS.length)];
            if (!professions.contains(profession)) {
                professions.add(profession);
            }
        }
        line.append(String.join(",", professions)).append('\t');
        int titleCount = random.nextInt(5);
        if (titleCount == 0) {
            line.append(NameBasicsFormat.NULL);
        }
        for (int t = 0; t < titleCount; t++) {
            line.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "tt%07d", 1 + random.nextInt(9_999_999)));
        }
        line.append('\n');
    }
}
