package io.sdjava.samples.examples;

import io.sdjava.CancellationToken;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationCancelledException;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.ProgressListener;
import io.sdjava.StepEvent;
import io.sdjava.djl.infotext.PngChunks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;

/**
 * Embedding sd-java: build a {@link Pipeline} once, generate with a progress listener, save a PNG with A1111's
 * infotext, then cancel a second generation from another thread.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.EmbeddingExample \
 *     model.safetensors tokenizer.json out/
 * </pre>
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path tokenizer = Path.of(args[1]);
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "outputs"));

        try (Pipeline sd = Pipeline.builder().checkpoint(checkpoint).tokenizer(tokenizer).build()) {
            // 1. A request with a listener that prints each step.
            GenerationRequest request = sd.newRequest("a photo of a cat, (masterpiece:1.2)")
                    .negativePrompt("blurry").size(256, 256).steps(12).sampler("Euler a").seed(42)
                    .listener(new ProgressListener() {
                        @Override
                        public void onStep(StepEvent e) {
                            System.out.printf("step %d/%d (sigma %.3f)%n", e.step(), e.totalSteps(), e.sigma());
                        }
                    })
                    .build();
            GeneratedImage image = sd.generate(request).first();
            Path file = out.resolve("cat-" + image.seed() + ".png");
            Files.write(file, PngChunks.withText(png(image), "parameters", image.infotext()));
            System.out.println("saved " + file + "\n" + image.infotext());

            // 2. The same request with another seed, cancelled by a second thread once step 3 is done.
            CancellationToken token = CancellationToken.create();
            CountDownLatch thirdStep = new CountDownLatch(1);
            Thread canceller = new Thread(() -> {
                try {
                    thirdStep.await();
                    token.cancel(); // e.g. the user pressed "Stop" in a UI
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            canceller.start();
            GenerationRequest cancellable = request.toBuilder().seed(43).cancellation(token)
                    .listener(new ProgressListener() {
                        @Override
                        public void onStep(StepEvent e) {
                            if (e.step() == 3) {
                                thirdStep.countDown();
                            }
                        }
                    })
                    .build();
            try {
                sd.generate(cancellable);
            } catch (GenerationCancelledException e) {
                System.out.println("second generation cancelled: " + e.getMessage());
            }
            canceller.join();
        }
    }

    private static byte[] png(GeneratedImage image) throws java.io.IOException {
        int w = image.image().width();
        int h = image.image().height();
        BufferedImage buffered = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, w, h, image.image().toArgbPixels(), 0, w);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(buffered, "png", bytes);
        return bytes.toByteArray();
    }
}
