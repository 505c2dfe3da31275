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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;

/**
 * Embedding sd-java: build a {@link Pipeline} once, generate with a LoRA tag, a negative embedding and a progress
 * listener, save the PNG with A1111's infotext, then cancel a second generation from another thread.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.EmbeddingExample \
 *     model.safetensors tokenizer.json outputs [models/Lora my_lora models/embeddings my_negative]
 * </pre>
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args.length > 4 ? Path.of(args[3]) : null,
                args.length > 4 ? args[4] : null, args.length > 6 ? Path.of(args[5]) : null,
                args.length > 6 ? args[6] : null, 512, 20);
    }

    static void run(Path checkpoint, Path tokenizer, Path out, Path loraDir, String lora, Path embeddingsDir,
            String negativeEmbedding, int size, int steps) throws IOException {
        String prompt = "a photo of a cat, (masterpiece:1.2)" + (lora != null ? " <lora:" + lora + ":0.8>" : "");
        String negative = "blurry" + (negativeEmbedding != null ? ", " + negativeEmbedding : "");
        try (Pipeline sd = Pipeline.builder().checkpoint(checkpoint).tokenizer(tokenizer).loraDir(loraDir)
                .embeddingsDir(embeddingsDir).build()) {
            // 1. A request with a listener that prints each step.
            GenerationRequest request = sd.newRequest(prompt).negativePrompt(negative).size(size, size)
                    .steps(steps).sampler("Euler a").seed(42)
                    .listener(new ProgressListener() {
                        @Override
                        public void onStep(StepEvent e) {
                            System.out.printf("step %d/%d (sigma %.3f)%n", e.step(), e.totalSteps(), e.sigma());
                        }
                    })
                    .build();
            GeneratedImage image = sd.generate(request).first();
            Path file = Files.createDirectories(out).resolve("cat-" + image.seed() + ".png");
            Files.write(file, PngChunks.withText(png(image), "parameters", image.infotext()));
            System.out.println("saved " + file + "\n" + image.infotext());

            // 2. Another seed, cancelled from another thread (e.g. a UI's "Stop" button) after step 2.
            CancellationToken token = CancellationToken.create();
            CompletableFuture<Void> stopRequested = new CompletableFuture<>();
            CompletableFuture<Void> stopped = stopRequested.thenRunAsync(token::cancel);
            ProgressListener pressStop = new ProgressListener() {
                @Override
                public void onStep(StepEvent e) {
                    if (e.step() == 2) {
                        stopRequested.complete(null);
                    }
                }
            };
            try {
                sd.generate(request.toBuilder().seed(43).cancellation(token).listener(pressStop).build());
                System.out.println("second generation finished before the cancellation arrived");
            } catch (GenerationCancelledException e) {
                System.out.println("second generation cancelled: " + e.getMessage());
            }
            stopRequested.complete(null);
            stopped.join();
        }
    }

    private static byte[] png(GeneratedImage image) throws IOException {
        int w = image.image().width();
        int h = image.image().height();
        BufferedImage buffered = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, w, h, image.image().toArgbPixels(), 0, w);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(buffered, "png", bytes);
        return bytes.toByteArray();
    }
}
