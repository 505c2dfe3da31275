package io.sdjava.samples.examples;

import io.sdjava.CancellationToken;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationCancelledException;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.ProgressListener;
import io.sdjava.StepEvent;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Embedding sd-java in an application: build a {@link Pipeline} once and reuse it, generate with a prompt holding a
 * LoRA tag and a negative prompt holding a textual-inversion embedding, follow the steps with a
 * {@link ProgressListener}, save PNGs with A1111's infotext, then cancel a generation from another thread.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.EmbeddingExample \
 *     models/Stable-diffusion/v1-5-pruned-emaonly.safetensors outputs \
 *     --lora-dir models/Lora --lora my_style --embeddings-dir embeddings --negative-embedding easynegative \
 *     [--tokenizer tokenizer.json] [--size 512] [--steps 20]
 * </pre>
 * Without {@code --lora}/{@code --negative-embedding} the prompts carry no network; without {@code --tokenizer} the
 * CLIP {@code tokenizer.json} is looked for beside the checkpoint.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static void main(String[] args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args, "EmbeddingExample CHECKPOINT OUT [--tokenizer FILE] [--lora-dir DIR"
                + " --lora NAME] [--embeddings-dir DIR --negative-embedding NAME] [--size PX] [--steps N]", 2);
        Path out = a.path(1);
        String lora = a.option("--lora", null);
        String negativeEmbedding = a.option("--negative-embedding", null);
        String prompt = "a photo of a cat, (masterpiece:1.2)" + (lora == null ? "" : " <lora:" + lora + ":0.8>");
        String negative = "blurry" + (negativeEmbedding == null ? "" : ", " + negativeEmbedding);

        // 1. Build the pipeline once: loading the checkpoint is the expensive part. It is thread-safe and reusable.
        try (Pipeline sd = Pipeline.builder().checkpoint(a.path(0)).tokenizer(a.pathOption("--tokenizer"))
                .loraDir(a.pathOption("--lora-dir")).embeddingsDir(a.pathOption("--embeddings-dir")).build()) {
            GenerationRequest request = sd.newRequest(prompt).negativePrompt(negative)
                    .size(a.intOption("--size", 512), a.intOption("--size", 512)).steps(a.intOption("--steps", 20))
                    .sampler("Euler a").seed(42)
                    .listener(new ProgressListener() {
                        @Override
                        public void onStep(StepEvent e) {
                            System.out.printf(Locale.ROOT, "step %d/%d (sigma %.3f)%n", e.step(), e.totalSteps(),
                                    e.sigma());
                        }
                    })
                    .build();

            // 2. Generate and save every image as a PNG with its infotext (the WebUI's "PNG Info" reads it).
            for (GeneratedImage image : sd.generate(request).images()) {
                Path file = ExampleImages.writePng(out, "cat", image);
                System.out.println("saved " + file + "\n" + image.infotext());
            }

            // 3. The same pipeline, another seed, cancelled from another thread (a UI's "Stop" button).
            CancellationToken token = CancellationToken.create();
            Thread stopButton = new Thread(token::cancel, "stop-button");
            ProgressListener pressStopAfterStepOne = new ProgressListener() {
                @Override
                public void onStep(StepEvent e) {
                    if (e.step() == 1) {
                        stopButton.start();
                        joinQuietly(stopButton); // only to make the demo deterministic; a UI would not wait
                    }
                }
            };
            try {
                sd.generate(request.toBuilder().seed(43).cancellation(token).listener(pressStopAfterStepOne).build());
                System.out.println("second generation finished before the cancellation arrived");
            } catch (GenerationCancelledException e) {
                System.out.println("second generation cancelled: " + e.getMessage());
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
