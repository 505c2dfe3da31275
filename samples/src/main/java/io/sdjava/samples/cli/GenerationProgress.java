package io.sdjava.samples.cli;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.ProgressListener;
import io.sdjava.StepEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The CLI's listener: a progress bar over the steps of each sampling pass (labelled with the batch, and
 * {@code hires} for a Hires. fix second pass), and each finished image written to the output folder at once.
 */
final class GenerationProgress implements ProgressListener {
    private final ProgressBar bar;
    private final OutputFolder folder;
    private final PrintWriter out;
    private final Set<GeneratedImage> written = new HashSet<>();
    private int batches = 1;
    private int passesPerBatch = 1;
    private int pass = -1;

    GenerationProgress(ProgressBar bar, OutputFolder folder, PrintWriter out) {
        this.bar = bar;
        this.folder = folder;
        this.out = out;
    }

    @Override
    public void onStart(GenerationRequest request) {
        batches = request.batchCount();
        passesPerBatch = request.hires().enabled() && !request.isImageToImage() ? 2 : 1;
        pass = -1;
    }

    @Override
    public void onStep(StepEvent event) {
        if (event.step() <= 1 || pass < 0) {
            pass++;
        }
        bar.update(event.step(), event.totalSteps(), label());
    }

    private String label() {
        int batch = Math.min(pass / passesPerBatch, batches - 1) + 1;
        String label = batches > 1 ? "batch " + batch + "/" + batches : "";
        if (passesPerBatch == 2 && pass % 2 == 1) {
            label = label.isEmpty() ? "hires" : label + " hires";
        }
        return label.isEmpty() ? "sampling" : label;
    }

    /** Writes the image (once) and prints its file name and seed. */
    @Override
    public synchronized void onImage(GeneratedImage image) {
        if (!written.add(image)) {
            return;
        }
        bar.finish();
        Path file = folder.write(image);
        out.println("wrote " + file + " (seed " + image.seed() + ")");
        out.flush();
    }

    void finish() {
        bar.finish();
    }
}
