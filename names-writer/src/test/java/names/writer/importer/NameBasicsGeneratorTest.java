package names.writer.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NameBasicsGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDifferentOnes() throws Exception {
        NameBasicsGenerator.generate(2_000, dir.resolve("a.tsv.gz"), 1);
        NameBasicsGenerator.generate(2_000, dir.resolve("b.tsv.gz"), 1);
        NameBasicsGenerator.generate(2_000, dir.resolve("c.tsv.gz"), 2);

        assertThat(Files.readAllBytes(dir.resolve("a.tsv.gz"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tsv.gz")));
        assertThat(Files.readAllBytes(dir.resolve("a.tsv.gz"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c.tsv.gz")));
    }

    @Test
    void everyGeneratedLinePassesTheImportRulesAndLooksLikeImdb() throws Exception {
        Path file = dir.resolve("names.tsv");
        NameBasicsGenerator.generate(5_000, file, 3);

        List<String> lines = Files.readAllLines(file);

        assertThat(lines).hasSize(5_001);
        assertThat(lines.getFirst()).isEqualTo(NameBasicsFormat.HEADER);
        assertThat(lines.get(1)).startsWith("nm0000001\t");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line ->
                assertThat(NameBasicsLineParser.parse(line)).isInstanceOf(NameBasicsLineParser.Valid.class));
        assertThat(lines).anyMatch(line -> line.split("\t")[2].equals("\\N"));
        assertThat(lines).anyMatch(line -> !line.split("\t")[3].equals("\\N"));
    }
}
