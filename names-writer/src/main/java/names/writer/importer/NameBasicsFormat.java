package names.writer.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** IMDB's {@code name.basics.tsv}: the header, the null marker, and gzip detection. */
final class NameBasicsFormat {

    static final String HEADER = "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles";
    static final int COLUMNS = 6;
    static final String NULL = "\\N";

    private NameBasicsFormat() {
    }

    /** Opens the file, decompressing it if it starts with the gzip magic bytes (whatever its name). */
    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
