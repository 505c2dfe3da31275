package io.sdjava.samples.cli;

import io.sdjava.samplers.comparison.SamplerComparison;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A log-log PNG plot of error vs NFE, one line per sampler (Karras schedule, or the sampler's own). */
final class ErrorPlot {
    private static final int W = 1000;
    private static final int H = 700;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 30;
    private static final int BOTTOM = 60;

    private ErrorPlot() {}

    static void write(List<SamplerComparison.Row> rows, Path file) throws IOException {
        java.util.Set<String> stochastic = new java.util.HashSet<>();
        rows.stream().filter(SamplerComparison.Row::stochastic).forEach(r -> stochastic.add(r.sampler()));
        Map<String, List<SamplerComparison.Row>> lines = new LinkedHashMap<>();
        for (SamplerComparison.Row r : rows) {
            boolean defaultColumn = r.schedule().equals("Automatic") || r.schedule().equals("Karras");
            if (defaultColumn && r.error() > 0) {
                String key = r.sampler() + (stochastic.contains(r.sampler()) ? " *" : "");
                lines.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(r);
            }
        }
        double minE = rows.stream().mapToDouble(SamplerComparison.Row::error).filter(e -> e > 0).min().orElse(1e-6);
        double maxE = rows.stream().mapToDouble(SamplerComparison.Row::error).max().orElse(1);
        double minN = rows.stream().mapToInt(SamplerComparison.Row::nfe).min().orElse(1);
        double maxN = rows.stream().mapToInt(SamplerComparison.Row::nfe).max().orElse(2);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.drawString("NFE (log)", W / 2 - 60, H - 20);
        g.drawString("error (log)", 10, TOP - 10);
        g.drawString("Karras schedule (DDIM/PLMS/UniPC, DPM fast/adaptive: their own); * = distribution error",
                LEFT + 100, TOP - 10);
        g.drawString(String.format("%.0e", maxE), 10, TOP + 10);
        g.drawString(String.format("%.0e", minE), 10, H - BOTTOM);
        g.drawString(String.valueOf((int) minN), LEFT, H - BOTTOM + 20);
        g.drawString(String.valueOf((int) maxN), W - RIGHT - 20, H - BOTTOM + 20);
        g.setStroke(new BasicStroke(2f));
        int i = 0;
        for (Map.Entry<String, List<SamplerComparison.Row>> line : lines.entrySet()) {
            g.setColor(Color.getHSBColor(i / (float) Math.max(1, lines.size()), 0.8f, 0.75f));
            int[] prev = null;
            for (SamplerComparison.Row r : line.getValue()) {
                int x = LEFT + (int) ((W - LEFT - RIGHT) * log(r.nfe() / minN) / Math.max(1e-9, log(maxN / minN)));
                int y = TOP + (int) ((H - TOP - BOTTOM) * log(maxE / r.error()) / Math.max(1e-9, log(maxE / minE)));
                g.fillOval(x - 3, y - 3, 6, 6);
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], x, y);
                }
                prev = new int[] {x, y};
            }
            g.drawString(line.getKey(), W - RIGHT + 15, TOP + 15 + 16 * i);
            i++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double log(double v) {
        return Math.log(v);
    }
}
