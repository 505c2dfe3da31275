package io.sdjava.samples.examples;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import java.nio.file.Path;

/**
 * img2img from an existing texture: the init image (for example a 16x16 block texture written by
 * {@code sd textures}) is resized to the request's size (A1111's "Just resize", LANCZOS), encoded, noised to the
 * denoising strength and sampled from there: strength 0 keeps the image, 1 ignores it. Tiling stays on, so a
 * seamless texture stays seamless. Writes a PNG with the infotext (which records {@code Denoising strength}).
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.Img2ImgExample \
 *     models/Stable-diffusion/v1-5-pruned-emaonly.safetensors out/MyPack/assets/minecraft/textures/block/stone.png \
 *     outputs [--strength 0.6] [--prompt "mossy stone bricks, pixel art"] [--tokenizer FILE] [--size 512] [--steps 20]
 * </pre>
 */
public final class Img2ImgExample {
    private Img2ImgExample() {}

    public static void main(String[] args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args, "Img2ImgExample CHECKPOINT INIT_IMAGE OUT"
                + " [--strength X] [--prompt TEXT] [--tokenizer FILE] [--size PX] [--steps N]", 3);
        SdImage init = ExampleImages.read(a.path(1));
        int size = a.intOption("--size", 512);
        try (Pipeline sd = Pipeline.builder().checkpoint(a.path(0)).tokenizer(a.pathOption("--tokenizer")).build()) {
            GenerationRequest request = sd.newRequest(a.option("--prompt", "mossy stone bricks, pixel art, texture"))
                    .negativePrompt("blurry, text")
                    .initImage(init)                                     // any size: resized to size x size
                    .denoisingStrength(a.doubleOption("--strength", 0.6)) // 0 = keep, 1 = replace
                    .size(size, size).steps(a.intOption("--steps", 20)).sampler("Euler a").seed(7)
                    .tiling(true)
                    .build();
            GeneratedImage image = sd.generate(request).first();
            System.out.printf("%dx%d -> %dx%d%n", init.width(), init.height(), image.image().width(),
                    image.image().height());
            System.out.println("saved " + ExampleImages.writePng(a.path(2), "img2img", image) + "\n"
                    + image.infotext());
        }
    }
}
