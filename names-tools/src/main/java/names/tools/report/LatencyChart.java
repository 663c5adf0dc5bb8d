package names.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A two-panel PNG drawn with Java2D (headless): latency by percentile on log/log axes (the HdrHistogram
 * style, so the tail is as visible as the median) with the goals drawn in, and underneath the frequency
 * histogram of the same samples in log-spaced bins. Histograms record nanoseconds.
 */
public final class LatencyChart {

    /** One curve. */
    public record Series(String label, Color color, Histogram nanos) {
    }

    /** A horizontal goal line at {@code millis}, labelled, e.g. "p99 goal 50 ms". */
    public record Goal(String label, double millis) {
    }

    /** A single marked point, e.g. the invalidator's own p99 estimated from Prometheus buckets. */
    public record Marker(String label, Color color, double percentile, double millis) {
    }

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 820;
    private static final int LEFT = 90;
    private static final int RIGHT = WIDTH - 250;
    private static final int TOP_Y0 = 90;
    private static final int TOP_Y1 = 470;
    private static final int BOTTOM_Y0 = 550;
    private static final int BOTTOM_Y1 = 760;
    /** x = log10(1 / (1 - p)): 0 at p0, 1 at p90, 2 at p99 ... 4 at p99.99 */
    private static final double MAX_NINES = 4;
    private static final double[] NICE = {1, 2, 5};

    private LatencyChart() {
    }

    public static void write(Path png, String title, String subtitle, List<Series> series, List<Goal> goals,
            List<Marker> markers) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(subtitle, LEFT, 54);

            double[] range = millisRange(series, goals, markers);
            drawPercentilePanel(g, series, goals, markers, range[0], range[1]);
            drawFrequencyPanel(g, series, range[0], range[1]);
            drawLegend(g, series, goals, markers);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static double[] millisRange(List<Series> series, List<Goal> goals, List<Marker> markers) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            if (s.nanos().getTotalCount() == 0) {
                continue;
            }
            min = Math.min(min, Math.max(s.nanos().getMinValue(), 1) / 1e6);
            max = Math.max(max, s.nanos().getMaxValue() / 1e6);
        }
        for (Goal goal : goals) {
            min = Math.min(min, goal.millis());
            max = Math.max(max, goal.millis());
        }
        for (Marker marker : markers) {
            if (marker.millis() > 0) {
                min = Math.min(min, marker.millis());
                max = Math.max(max, marker.millis());
            }
        }
        if (max == 0) {
            return new double[] {0.1, 100};
        }
        return new double[] {niceBelow(Math.max(min, 0.01)), niceAbove(max)};
    }

    private static double niceBelow(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (int i = NICE.length - 1; i >= 0; i--) {
            if (NICE[i] * decade <= v) {
                return NICE[i] * decade;
            }
        }
        return decade;
    }

    private static double niceAbove(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (double n : NICE) {
            if (n * decade >= v) {
                return n * decade;
            }
        }
        return 10 * decade;
    }

    private static List<Double> ticks(double min, double max) {
        List<Double> ticks = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade <= max; decade *= 10) {
            for (double n : NICE) {
                double t = n * decade;
                if (t >= min * 0.999 && t <= max * 1.001) {
                    ticks.add(t);
                }
            }
        }
        return ticks;
    }

    private static double nines(double percentile) {
        double p = Math.min(percentile / 100.0, 1 - Math.pow(10, -MAX_NINES));
        return Math.log10(1 / (1 - p));
    }

    private static double px(double nines) {
        return LEFT + (RIGHT - LEFT) * nines / MAX_NINES;
    }

    private static double logPos(double v, double min, double max, double from, double to) {
        double f = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        return from + (to - from) * Math.max(0, Math.min(1, f));
    }

    private static double topY(double millis, double min, double max) {
        return logPos(millis, min, max, TOP_Y1, TOP_Y0);
    }

    private static void drawPercentilePanel(Graphics2D g, List<Series> series, List<Goal> goals,
            List<Marker> markers, double min, double max) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double tick : ticks(min, max)) {
            int y = (int) topY(tick, min, max);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = formatMillis(tick);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        String[] xLabels = {"p0", "p90", "p99", "p99.9", "p99.99"};
        for (int i = 0; i <= MAX_NINES; i++) {
            int x = (int) px(i);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, TOP_Y0, x, TOP_Y1);
            g.setColor(Color.DARK_GRAY);
            g.drawString(xLabels[i], x - g.getFontMetrics().stringWidth(xLabels[i]) / 2, TOP_Y1 + 16);
        }
        int p50x = (int) px(nines(50));
        g.setColor(new Color(230, 230, 230));
        g.drawLine(p50x, TOP_Y0, p50x, TOP_Y1);
        g.setColor(Color.DARK_GRAY);
        g.drawString("p50", p50x - 8, TOP_Y1 + 16);
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP_Y0, RIGHT - LEFT, TOP_Y1 - TOP_Y0);
        g.drawString("percentile", (LEFT + RIGHT) / 2 - 25, TOP_Y1 + 34);
        drawVertical(g, "milliseconds (log)", 22, (TOP_Y0 + TOP_Y1) / 2);

        BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {6, 5}, 0);
        for (Goal goal : goals) {
            int y = (int) topY(goal.millis(), min, max);
            g.setColor(new Color(200, 40, 40));
            g.setStroke(dashed);
            g.drawLine(LEFT, y, RIGHT, y);
            g.setStroke(new BasicStroke(1));
            g.drawString(goal.label(), LEFT + 6, y - 4);
        }

        for (Series s : series) {
            if (s.nanos().getTotalCount() == 0) {
                continue;
            }
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (HistogramIterationValue v : s.nanos().percentiles(5)) {
                double x = px(nines(v.getPercentileLevelIteratedTo()));
                double y = topY(Math.max(v.getValueIteratedTo(), 1) / 1e6, min, max);
                if (first) {
                    path.moveTo(x, y);
                    first = false;
                } else {
                    path.lineTo(x, y);
                }
            }
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2.2f));
            g.draw(path);
            g.setStroke(new BasicStroke(1));
        }

        for (Marker marker : markers) {
            if (!(marker.millis() > 0)) {
                continue;
            }
            double x = px(nines(marker.percentile()));
            double y = topY(marker.millis(), min, max);
            Path2D.Double diamond = new Path2D.Double();
            diamond.moveTo(x, y - 6);
            diamond.lineTo(x + 6, y);
            diamond.lineTo(x, y + 6);
            diamond.lineTo(x - 6, y);
            diamond.closePath();
            g.setColor(marker.color());
            g.fill(diamond);
            g.setColor(Color.BLACK);
            g.draw(diamond);
        }
    }

    private static void drawFrequencyPanel(Graphics2D g, List<Series> series, double min, double max) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int bins = (int) Math.ceil((Math.log10(max) - Math.log10(min)) * 20);
        double binWidth = (double) (RIGHT - LEFT) / bins;
        double peak = 0;
        List<double[]> fractions = new ArrayList<>();
        for (Series s : series) {
            double[] f = new double[bins];
            long total = s.nanos().getTotalCount();
            for (int b = 0; b < bins && total > 0; b++) {
                long lo = (long) (Math.pow(10, Math.log10(min) + b / 20.0) * 1e6);
                long hi = (long) (Math.pow(10, Math.log10(min) + (b + 1) / 20.0) * 1e6);
                long count = s.nanos().getCountBetweenValues(b == 0 ? 0 : lo, hi - 1);
                f[b] = (double) count / total;
                peak = Math.max(peak, f[b]);
            }
            fractions.add(f);
        }
        for (double tick : ticks(min, max)) {
            int x = (int) logPos(tick, min, max, LEFT, RIGHT);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, BOTTOM_Y0, x, BOTTOM_Y1);
            g.setColor(Color.DARK_GRAY);
            String label = formatMillis(tick);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, BOTTOM_Y1 + 16);
        }
        g.setColor(Color.BLACK);
        g.drawString("milliseconds (log), 20 bins per decade", (LEFT + RIGHT) / 2 - 95, BOTTOM_Y1 + 34);
        drawVertical(g, "share of samples", 22, (BOTTOM_Y0 + BOTTOM_Y1) / 2);
        if (peak > 0) {
            for (int i = 0; i < series.size(); i++) {
                Color c = series.get(i).color();
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
                double[] f = fractions.get(i);
                for (int b = 0; b < bins; b++) {
                    double h = (BOTTOM_Y1 - BOTTOM_Y0 - 10) * f[b] / peak;
                    g.fill(new Rectangle2D.Double(LEFT + b * binWidth, BOTTOM_Y1 - h, binWidth, h));
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f%%", peak * 100), LEFT - 36, BOTTOM_Y0 + 14);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, BOTTOM_Y0, RIGHT - LEFT, BOTTOM_Y1 - BOTTOM_Y0);
    }

    private static void drawLegend(Graphics2D g, List<Series> series, List<Goal> goals, List<Marker> markers) {
        int x = RIGHT + 20;
        int y = TOP_Y0 + 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(x, y - 9, 18, 10);
            g.setColor(Color.BLACK);
            y = drawWrapped(g, s.label() + String.format(Locale.ROOT, " (n=%,d)", s.nanos().getTotalCount()),
                    x + 24, y, WIDTH - x - 30);
            y += 8;
        }
        for (Goal goal : goals) {
            g.setColor(new Color(200, 40, 40));
            g.drawLine(x, y - 4, x + 18, y - 4);
            g.setColor(Color.BLACK);
            y = drawWrapped(g, goal.label(), x + 24, y, WIDTH - x - 30) + 8;
        }
        for (Marker marker : markers) {
            g.setColor(marker.color());
            g.fillOval(x + 4, y - 10, 10, 10);
            g.setColor(Color.BLACK);
            y = drawWrapped(g, marker.label(), x + 24, y, WIDTH - x - 30) + 8;
        }
    }

    private static int drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && g.getFontMetrics().stringWidth(line + " " + word) > width) {
                g.drawString(line.toString(), x, y);
                y += 15;
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        g.drawString(line.toString(), x, y);
        return y + 15;
    }

    private static void drawVertical(Graphics2D g, String text, int x, int centerY) {
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.setColor(Color.BLACK);
        rotated.rotate(-Math.PI / 2, x, centerY);
        rotated.drawString(text, x - rotated.getFontMetrics().stringWidth(text) / 2, centerY);
        rotated.dispose();
    }

    private static String formatMillis(double millis) {
        return millis >= 1 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.2g", millis);
    }
}
