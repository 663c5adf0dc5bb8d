package names.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A two-panel PNG drawn with JFreeChart (headless): latency by percentile on log/log axes (the HdrHistogram
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

    public static final int WIDTH = 1100;
    public static final int HEIGHT = 820;
    private static final int TOP_HEIGHT = 560;
    /** x = log10(1 / (1 - p)): 0 at p0, 1 at p90, 2 at p99 ... 4 at p99.99 */
    private static final double MAX_NINES = 4;
    private static final int BINS_PER_DECADE = 20;
    private static final double[] NICE = {1, 2, 5};
    private static final Color GRID = new Color(220, 220, 220);
    private static final Color GOAL = new Color(200, 40, 40);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private LatencyChart() {
    }

    public static void write(Path png, String title, String subtitle, List<Series> series, List<Goal> goals,
            List<Marker> markers) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] range = millisRange(series, goals, markers);
        JFreeChart percentiles = percentileChart(title, subtitle, series, goals, markers, range[0], range[1]);
        JFreeChart frequencies = frequencyChart(series, range[0], range[1]);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            percentiles.draw(g, new Rectangle2D.Double(0, 0, WIDTH, TOP_HEIGHT));
            frequencies.draw(g, new Rectangle2D.Double(0, TOP_HEIGHT, WIDTH, HEIGHT - TOP_HEIGHT));
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static JFreeChart percentileChart(String title, String subtitle, List<Series> series, List<Goal> goals,
            List<Marker> markers, double min, double max) {
        XYSeriesCollection curves = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYSeries curve = new XYSeries(s.label() + String.format(Locale.ROOT, " (n=%,d)", s.nanos().getTotalCount()),
                    false, true);
            if (s.nanos().getTotalCount() > 0) {
                for (HistogramIterationValue v : s.nanos().percentiles(5)) {
                    curve.add(nines(v.getPercentileLevelIteratedTo()), Math.max(v.getValueIteratedTo(), 1) / 1e6);
                }
            }
            curves.addSeries(curve);
            lines.setSeriesPaint(i, s.color());
            lines.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        NumberAxis percentile = new TickedNumberAxis("percentile");
        percentile.setRange(0, MAX_NINES);
        XYPlot plot = new XYPlot(curves, percentile, new TickedLogAxis("milliseconds (log)", min, max), lines);
        styleGrid(plot);

        BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {6, 5}, 0);
        for (Goal goal : goals) {
            ValueMarker line = new ValueMarker(goal.millis(), GOAL, dashed);
            line.setLabel(goal.label());
            line.setLabelFont(LABEL);
            line.setLabelPaint(GOAL);
            line.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(line);
        }

        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer diamonds = new XYLineAndShapeRenderer(false, true);
        diamonds.setUseOutlinePaint(true);
        diamonds.setDrawOutlines(true);
        for (Marker marker : markers) {
            if (!(marker.millis() > 0)) {
                continue;
            }
            int i = points.getSeriesCount();
            XYSeries point = new XYSeries(marker.label());
            point.add(nines(marker.percentile()), marker.millis());
            points.addSeries(point);
            diamonds.setSeriesPaint(i, marker.color());
            diamonds.setSeriesOutlinePaint(i, Color.BLACK);
            diamonds.setSeriesShape(i, diamond(6));
        }
        plot.setDataset(1, points);
        plot.setRenderer(1, diamonds);

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, LABEL));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(LABEL);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 24));
        return chart;
    }

    private static JFreeChart frequencyChart(List<Series> series, double min, double max) {
        int bins = (int) Math.ceil((Math.log10(max) - Math.log10(min)) * BINS_PER_DECADE);
        XYIntervalSeriesCollection shares = new XYIntervalSeriesCollection();
        XYBarRenderer bars = new XYBarRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYIntervalSeries share = new XYIntervalSeries(s.label());
            long total = s.nanos().getTotalCount();
            for (int b = 0; b < bins && total > 0; b++) {
                double lo = Math.pow(10, Math.log10(min) + (double) b / BINS_PER_DECADE);
                double hi = Math.pow(10, Math.log10(min) + (double) (b + 1) / BINS_PER_DECADE);
                long count = s.nanos().getCountBetweenValues(b == 0 ? 0 : (long) (lo * 1e6), (long) (hi * 1e6) - 1);
                double fraction = (double) count / total;
                share.add(Math.sqrt(lo * hi), lo, hi, fraction, 0, fraction);
            }
            shares.addSeries(share);
            Color c = s.color();
            bars.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
        }
        NumberAxis share = new NumberAxis("share of samples");
        share.setNumberFormatOverride(new DecimalFormat("0%"));
        share.setLabelFont(LABEL);
        XYPlot plot = new XYPlot(shares, new TickedLogAxis("milliseconds (log), " + BINS_PER_DECADE
                + " bins per decade", min, max), share, bars);
        styleGrid(plot);
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(0, 4, 8, 24));
        return chart;
    }

    private static void styleGrid(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1));
        plot.setRangeGridlineStroke(new BasicStroke(1));
        plot.getDomainAxis().setLabelFont(LABEL);
        plot.getRangeAxis().setLabelFont(LABEL);
    }

    private static Shape diamond(double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
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
        // Headroom above the largest value, so a goal or a maximum is not drawn on the frame.
        return new double[] {niceBelow(Math.max(min, 0.01)), niceAbove(max * 1.05)};
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

    /** 1-2-5 steps per decade between {@code min} and {@code max}. */
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

    private static String formatMillis(double millis) {
        return millis >= 1 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.2g", millis);
    }

    private static NumberTick tick(double value, String label, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        return new NumberTick(value, label, vertical ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER,
                TextAnchor.CENTER, 0.0);
    }

    /** A log axis with 1-2-5 ticks in milliseconds: JFreeChart's own labels only the powers of ten. */
    private static final class TickedLogAxis extends LogAxis {

        private final List<Double> ticks;

        TickedLogAxis(String label, double min, double max) {
            super(label);
            this.ticks = ticks(min, max);
            setSmallestValue(min / 10);
            setRange(min, max);
            setMinorTickMarksVisible(false);
        }

        @Override
        public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks.stream().<ValueTick>map(t -> tick(t, formatMillis(t), edge)).toList();
        }
    }

    /** The percentile axis: positions are "nines", labels the percentiles they stand for. */
    private static final class TickedNumberAxis extends NumberAxis {

        private static final String[] LABELS = {"p0", "p90", "p99", "p99.9", "p99.99"};

        TickedNumberAxis(String label) {
            super(label);
        }

        @Override
        public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<ValueTick> ticks = new ArrayList<>();
            for (int i = 0; i <= MAX_NINES; i++) {
                ticks.add(tick(i, LABELS[i], edge));
            }
            ticks.add(tick(nines(50), "p50", edge));
            return ticks;
        }
    }
}
