package names.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyChartTest {

    @Test
    void rendersAPngWithTheCurvesDrawnHeadless(@TempDir Path dir) throws Exception {
        Histogram lag = new Histogram(3_600_000_000_000L, 3);
        Random random = new Random(1);
        for (int i = 0; i < 5000; i++) {
            lag.recordValue((long) (2_000_000 * Math.exp(random.nextGaussian() * 0.6)));
        }
        Path png = dir.resolve("out/lag.png");

        LatencyChart.write(png, "title", "subtitle", List.of(new LatencyChart.Series("lag", Color.BLUE, lag)),
                List.of(new LatencyChart.Goal("p99 goal 50 ms", 50)),
                List.of(new LatencyChart.Marker("own p99", Color.MAGENTA, 99, 8)));

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(800);
        long bluePixels = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                Color c = new Color(image.getRGB(x, y));
                if (c.getBlue() > 200 && c.getRed() < 80 && c.getGreen() < 80) {
                    bluePixels++;
                }
            }
        }
        assertThat(bluePixels).as("the series curve is drawn").isGreaterThan(100);
    }
}
