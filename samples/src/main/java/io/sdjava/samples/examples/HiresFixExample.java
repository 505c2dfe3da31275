package io.sdjava.samples.examples;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.Pipeline;
import java.nio.file.Path;

/**
 * A1111's "Hires. fix": generate at the request's size, upscale, then run an img2img pass at the larger size. The
 * same request is made twice: with the pixel upscaler "R-ESRGAN 4x+ Anime6B" (decode, ESRGAN, LANCZOS to the
 * target, encode) and with the "Latent" mode (the latent itself is interpolated; no ESRGAN weights needed). Each PNG
 * carries its infotext with the {@code Hires upscale}, {@code Hires upscaler} and {@code Denoising strength} fields.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.HiresFixExample \
 *     models/Stable-diffusion/v1-5-pruned-emaonly.safetensors outputs \
 *     --models-dir models [--tokenizer tokenizer.json] [--size 512] [--steps 20]
 * </pre>
 * "R-ESRGAN 4x+ Anime6B" is read from {@code models/RealESRGAN/RealESRGAN_x4plus_anime_6B.pth} (the WebUI's file
 * name); nothing is downloaded.
 */
public final class HiresFixExample {
    private HiresFixExample() {}

    public static void main(String[] args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args, "HiresFixExample CHECKPOINT OUT [--models-dir DIR] [--tokenizer FILE]"
                + " [--size PX] [--steps N]", 2);
        Path out = a.path(1);
        int size = a.intOption("--size", 512);
        try (Pipeline sd = Pipeline.builder().checkpoint(a.path(0)).tokenizer(a.pathOption("--tokenizer"))
                .upscalerDir(Path.of(a.option("--models-dir", "models"))).build()) {
            GenerationRequest request = sd.newRequest("1girl, looking at viewer, cherry blossoms, anime style")
                    .negativePrompt("lowres, blurry").size(size, size).steps(a.intOption("--steps", 20))
                    .sampler("DPM++ 2M").scheduler("Karras").seed(1234)
                    .hires(HiresFix.builder()
                            .upscaler("R-ESRGAN 4x+ Anime6B") // or "R-ESRGAN 4x+", "Lanczos", a file stem...
                            .scale(2)                         // 512x512 -> 1024x1024
                            .denoisingStrength(0.45)          // pixel upscalers keep detail: a low strength
                            .build())
                    .build();
            GeneratedImage esrgan = sd.generate(request).first();
            System.out.println("saved " + ExampleImages.writePng(out, "hires-anime6b", esrgan) + "\n"
                    + esrgan.infotext());

            // Latent modes upscale the latent; they need a higher strength to clean up the interpolation.
            GenerationRequest latent = request.toBuilder()
                    .hires(request.hires().toBuilder().upscaler("Latent").denoisingStrength(0.6).build())
                    .build();
            GeneratedImage image = sd.generate(latent).first();
            System.out.println("saved " + ExampleImages.writePng(out, "hires-latent", image) + "\n"
                    + image.infotext());
        }
    }
}
