package io.sdjava.samples.cli;

import io.sdjava.CancellationToken;
import io.sdjava.Device;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.HiresFix;
import io.sdjava.Pipeline;
import io.sdjava.Precision;
import io.sdjava.ProgressListener;
import io.sdjava.RngSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sd generate}: text-to-image (or image-to-image with {@code --init-image}) through {@link Pipeline}, writing
 * A1111-style PNGs ({@code 00000-SEED.png} with the infotext in the {@code parameters} chunk). Options left out keep
 * the API's defaults (A1111's), so the mapping to {@link GenerationRequest} only sets what the user gave.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Generates images with a Stable Diffusion 1.x checkpoint, A1111 semantics, and writes PNGs "
                + "named NNNNN-SEED.png with the A1111 infotext in their 'parameters' text chunk.",
            "Options not given keep A1111's defaults (512x512, 20 steps, CFG 7, DPM++ 2M / Automatic, random seed)."})
final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // --- model -------------------------------------------------------------------------------------------
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "SD 1.x checkpoint (.safetensors, .ckpt)")
    Path checkpoint;

    @Option(names = "--vae", paramLabel = "FILE", description = "separate VAE file (default: the checkpoint's)")
    Path vae;

    @Option(names = "--lora-dir", paramLabel = "DIR", description = "LoRA folder for <lora:name:weight> tags")
    Path loraDir;

    @Option(names = "--embeddings-dir", paramLabel = "DIR", description = "textual-inversion embeddings folder")
    Path embeddingsDir;

    @Option(names = "--upscaler-dir", paramLabel = "DIR",
            description = "upscaler models folder (ESRGAN/, RealESRGAN/) for --hires-upscaler")
    Path upscalerDir;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "CLIP tokenizer.json or its folder (default: the backend's lookup)")
    Path tokenizer;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu",
            description = "cpu, gpu:N or cuda:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "AUTO",
            description = "AUTO, FP32 or FP16 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--backend", paramLabel = "NAME", description = "backend name (default: automatic choice)")
    String backend;

    // --- request -----------------------------------------------------------------------------------------
    @Option(names = "--from-png", paramLabel = "PNG",
            description = "start from the A1111 infotext of a PNG; other options override its values")
    Path fromPng;

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "positive prompt, A1111 syntax")
    String prompt;

    @Option(names = {"-n", "--negative-prompt"}, paramLabel = "TEXT", description = "negative prompt")
    String negativePrompt;

    @Option(names = {"-W", "--width"}, paramLabel = "PX", description = "width, multiple of 8 (default: 512)")
    Integer width;

    @Option(names = {"-H", "--height"}, paramLabel = "PX", description = "height, multiple of 8 (default: 512)")
    Integer height;

    @Option(names = "--steps", paramLabel = "N", description = "sampling steps (default: 20)")
    Integer steps;

    @Option(names = "--cfg-scale", paramLabel = "X", description = "CFG scale (default: 7)")
    Double cfgScale;

    @Option(names = "--sampler", paramLabel = "NAME", description = "sampler, e.g. \"Euler a\" (default: DPM++ 2M)")
    String sampler;

    @Option(names = "--scheduler", paramLabel = "NAME", description = "schedule, e.g. Karras (default: Automatic)")
    String scheduler;

    @Option(names = "--seed", paramLabel = "N", description = "seed, -1 = random (default: -1)")
    Long seed;

    @Option(names = "--subseed", paramLabel = "N", description = "variation seed, -1 = random (default: -1)")
    Long subseed;

    @Option(names = "--subseed-strength", paramLabel = "X", description = "variation strength 0..1 (default: 0)")
    Double subseedStrength;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per batch (default: 1)")
    Integer batchSize;

    @Option(names = "--batch-count", paramLabel = "N", description = "batches, one after the other (default: 1)")
    Integer batchCount;

    @Option(names = "--clip-skip", paramLabel = "N", description = "CLIP layers to skip, 1 = none (default: 1)")
    Integer clipSkip;

    @Option(names = "--emphasis", paramLabel = "MODE",
            description = "emphasis mode: Original, \"No norm\", Ignore or None (default: Original)")
    String emphasis;

    @Option(names = "--comma-backtrack", paramLabel = "N",
            description = "prompt word wrap length limit in tokens, 0 = off, max 74 (default: 20)")
    Integer commaBacktrack;

    @Option(names = "--tiling", description = "seamlessly tiling images")
    boolean tiling;

    @Option(names = "--rng", paramLabel = "SRC", description = "noise source: CPU or NV (default: CPU)")
    RngSource rng;

    @Option(names = "--init-image", paramLabel = "IMAGE", description = "img2img: the image to start from")
    Path initImage;

    @Option(names = "--denoising-strength", paramLabel = "X", description = "img2img strength 0..1 (default: 0.75)")
    Double denoisingStrength;

    // --- hires fix ---------------------------------------------------------------------------------------
    @Option(names = "--hires", negatable = true,
            description = "enable Hires. fix (implied by any --hires-* option); --no-hires drops a pasted one")
    Boolean hires;

    @Option(names = "--hires-upscaler", paramLabel = "NAME",
            description = "Latent, Latent (nearest-exact), ..., Lanczos, R-ESRGAN 4x+, ... (default: Latent)")
    String hiresUpscaler;

    @Option(names = "--hires-scale", paramLabel = "X", description = "upscale factor 1..8 (default: 2)")
    Double hiresScale;

    @Option(names = "--hires-steps", paramLabel = "N", description = "second-pass steps, 0 = same (default: 0)")
    Integer hiresSteps;

    @Option(names = "--hires-denoising", paramLabel = "X", description = "second-pass strength 0..1 (default: 0.7)")
    Double hiresDenoising;

    // --- output ------------------------------------------------------------------------------------------
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "outputs",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        OutputFolder folder = new OutputFolder(out);
        GenerationProgress progress = new GenerationProgress(new ProgressBar(err, "steps"), folder, stdout);
        GenerationRequest request = request(progress, CancellationToken.never());
        GenerationResult result;
        try (Pipeline pipeline = pipelineBuilder().build()) {
            result = pipeline.generate(request);
        } finally {
            progress.finish();
        }
        for (GeneratedImage image : result.images()) {
            progress.onImage(image); // writes any image the backend did not report through onImage
        }
        stdout.flush();
        return 0;
    }

    /** @return the pipeline builder for the model options */
    Pipeline.Builder pipelineBuilder() {
        return Pipeline.builder().checkpoint(checkpoint).vae(vae).loraDir(loraDir).embeddingsDir(embeddingsDir)
                .upscalerDir(upscalerDir).tokenizer(tokenizer).device(Device.parse(device)).precision(precision)
                .backend(backend);
    }

    /**
     * Maps the options onto a request; options not given keep the API defaults.
     *
     * @throws io.sdjava.InvalidRequestException naming a bad value
     */
    GenerationRequest request(ProgressListener listener, CancellationToken cancellation) {
        GenerationRequest.Builder b = GenerationRequest.builder().listener(listener).cancellation(cancellation);
        HiresFix pastedHires = null;
        if (fromPng != null) {
            InfotextRequest infotext = InfotextRequest.fromPng(fromPng);
            infotext.applyTo(b, initImage != null);
            pastedHires = infotext.hires(initImage != null).orElse(null);
        }
        set(prompt, b::prompt);
        set(negativePrompt, b::negativePrompt);
        set(width, b::width);
        set(height, b::height);
        set(steps, b::steps);
        set(cfgScale, b::cfgScale);
        set(sampler, b::sampler);
        set(scheduler, b::scheduler);
        set(seed, b::seed);
        set(subseed, b::subseed);
        set(subseedStrength, b::subseedStrength);
        set(batchSize, b::batchSize);
        set(batchCount, b::batchCount);
        set(clipSkip, b::clipSkip);
        set(emphasis, b::emphasis);
        set(commaBacktrack, b::commaPaddingBacktrack);
        set(rng, b::rngSource);
        if (tiling) {
            b.tiling(true);
        }
        set(denoisingStrength, b::denoisingStrength);
        if (initImage != null) {
            b.initImage(PngFiles.read(initImage));
        }
        if (Boolean.FALSE.equals(hires)) {
            b.hires(HiresFix.disabled());
        } else if (hiresEnabled()) {
            b.hires(hiresFix(pastedHires));
        }
        return b.build();
    }

    private boolean hiresEnabled() {
        return Boolean.TRUE.equals(hires) || hiresUpscaler != null || hiresScale != null || hiresSteps != null || hiresDenoising != null;
    }

    private HiresFix hiresFix(HiresFix base) {
        HiresFix.Builder h = base != null ? base.toBuilder() : HiresFix.builder();
        set(hiresUpscaler, h::upscaler);
        set(hiresScale, h::scale);
        set(hiresSteps, h::steps);
        set(hiresDenoising, h::denoisingStrength);
        return h.build();
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
