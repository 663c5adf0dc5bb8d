package names.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyChartTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void rendersAPngOfTheExpectedSizeWithTheCurvesDrawnHeadless(@TempDir Path dir) throws Exception {
        Histogram lag = new Histogram(3_600_000_000_000L, 3);
        Random random = new Random(1);
        for (int i = 0; i < 5000; i++) {
            lag.recordValue((long) (2_000_000 * Math.exp(random.nextGaussian() * 0.6)));
        }
        Path png = dir.resolve("out/lag.png");

        LatencyChart.write(png, "title", "subtitle", List.of(new LatencyChart.Series("lag", Color.BLUE, lag)),
                List.of(new LatencyChart.Goal("p99 goal 50 ms", 50)),
                List.of(new LatencyChart.Marker("own p99", Color.MAGENTA, 99, 8)));

        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).as("PNG signature").isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(LatencyChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LatencyChart.HEIGHT);
        assertThat(pixels(image, c -> c.getBlue() > 200 && c.getRed() < 80 && c.getGreen() < 80))
                .as("the series curve is drawn").isGreaterThan(100);
        assertThat(pixels(image, c -> c.getRed() > 180 && c.getGreen() < 80 && c.getBlue() < 80))
                .as("the goal line is drawn").isGreaterThan(100);
    }

    @Test
    void anEmptyRunStillGetsAChart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("lag.png");

        LatencyChart.write(png, "title", "subtitle",
                List.of(new LatencyChart.Series("lag", Color.BLUE, new Histogram(3))), List.of(), List.of());

        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(LatencyChart.WIDTH);
    }

    private static long pixels(BufferedImage image, java.util.function.Predicate<Color> matching) {
        long count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (matching.test(new Color(image.getRGB(x, y)))) {
                    count++;
                }
            }
        }
        return count;
    }
}
