package io.sdjava.samples.cli;

import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.RngSource;
import io.sdjava.djl.infotext.InfotextParser;
import io.sdjava.djl.infotext.PngChunks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sd generate --from-png}: turns the A1111 infotext of a PNG (its {@code parameters} chunk, parsed as the
 * WebUI's {@code parse_generation_parameters} does) into request settings, as the WebUI's "Send to txt2img" does.
 * Prompt, negative prompt, steps, sampler, schedule type, CFG scale, seed, size, clip skip, emphasis mode, variation
 * seed and strength, seed resize, ENSD, eta, RNG, tiling and the Hires. fix fields are taken; model, hashes and
 * settings the API does not have are ignored. A missing {@code Emphasis} means A1111's default, "Original".
 * {@code RNG} missing (the WebUI's {@code GPU} default) maps to {@link RngSource#NV}, which reproduces images made
 * on NVIDIA GPUs.
 */
final class InfotextRequest {
    private final Map<String, Object> params;

    InfotextRequest(Map<String, Object> params) {
        this.params = params;
    }

    /**
     * @return the parsed infotext of the PNG
     * @throws CliException if the file cannot be read or holds no {@code parameters} text
     */
    static InfotextRequest fromPng(Path png) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(png);
        } catch (IOException e) {
            throw new CliException("cannot read " + png + ": " + OneLine.describe(e), e);
        }
        String text;
        try {
            text = PngChunks.text(bytes, PngFiles.PARAMETERS).orElse(null);
        } catch (RuntimeException e) {
            throw new CliException("cannot read PNG chunks of " + png + ": " + OneLine.describe(e), e);
        }
        if (text == null) {
            throw new CliException(png + " has no 'parameters' text chunk (A1111 infotext)");
        }
        return new InfotextRequest(InfotextParser.standard().parse(text));
    }

    /**
     * Sets the builder's fields from the infotext.
     *
     * @param b the request builder
     * @param imageToImage whether the request has an init image ({@code Denoising strength} is then the
     *     img2img strength; otherwise it belongs to the Hires. fix)
     * @throws io.sdjava.InvalidRequestException naming a bad value
     * @throws CliException if a number cannot be read
     */
    void applyTo(GenerationRequest.Builder b, boolean imageToImage) {
        b.prompt(text("Prompt", "")).negativePrompt(text("Negative prompt", ""));
        ifPresent("Steps", v -> b.steps(integer("Steps")));
        ifPresent("Sampler", v -> b.sampler(v));
        ifPresent("Schedule type", v -> b.scheduler(v));
        ifPresent("CFG scale", v -> b.cfgScale(number("CFG scale")));
        ifPresent("Seed", v -> b.seed(longValue("Seed")));
        ifPresent("Size-1", v -> b.width(integer("Size-1")));
        ifPresent("Size-2", v -> b.height(integer("Size-2")));
        ifPresent("Clip skip", v -> b.clipSkip(integer("Clip skip")));
        ifPresent("Emphasis", b::emphasis);
        ifPresent("Variation seed", v -> b.subseed(longValue("Variation seed")));
        ifPresent("Variation seed strength", v -> b.subseedStrength(number("Variation seed strength")));
        ifPresent("Seed resize from-1", v -> b.seedResizeFromW(integer("Seed resize from-1")));
        ifPresent("Seed resize from-2", v -> b.seedResizeFromH(integer("Seed resize from-2")));
        ifPresent("ENSD", v -> b.ensd(integer("ENSD")));
        ifPresent("Eta", v -> b.eta(number("Eta")));
        ifPresent("Tiling", v -> b.tiling(v.equalsIgnoreCase("True")));
        b.rngSource(text("RNG", "GPU").equalsIgnoreCase("CPU") ? RngSource.CPU : RngSource.NV);
        if (imageToImage) {
            ifPresent("Denoising strength", v -> b.denoisingStrength(number("Denoising strength")));
        }
        hires(imageToImage).ifPresent(b::hires);
    }

    /**
     * The WebUI enables the hires fix on paste when a txt2img infotext has a {@code Denoising strength}.
     *
     * @return the hires fix of a text-to-image infotext, empty for image-to-image or without one
     */
    Optional<HiresFix> hires(boolean imageToImage) {
        if (imageToImage || !params.containsKey("Denoising strength")) {
            return Optional.empty();
        }
        HiresFix.Builder h = HiresFix.builder().denoisingStrength(number("Denoising strength"));
        ifPresent("Hires upscale", v -> h.scale(number("Hires upscale")));
        ifPresent("Hires upscaler", h::upscaler);
        ifPresent("Hires steps", v -> h.steps(integer("Hires steps")));
        ifPresent("Hires resize-1", v -> h.resizeX(integer("Hires resize-1")));
        ifPresent("Hires resize-2", v -> h.resizeY(integer("Hires resize-2")));
        ifPresent("Hires sampler", h::sampler);
        ifPresent("Hires schedule type", h::scheduler);
        ifPresent("Hires prompt", h::prompt);
        ifPresent("Hires negative prompt", h::negativePrompt);
        return Optional.of(h.build());
    }

    private void ifPresent(String key, java.util.function.Consumer<String> action) {
        Object value = params.get(key);
        if (value != null) {
            action.accept(value.toString());
        }
    }

    private String text(String key, String fallback) {
        Object value = params.get(key);
        return value == null ? fallback : value.toString();
    }

    private int integer(String key) {
        double v = number(key);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw bad(key);
        }
        return (int) v;
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(text(key, "").trim());
        } catch (NumberFormatException e) {
            throw bad(key);
        }
    }

    private double number(String key) {
        try {
            return Double.parseDouble(text(key, "").trim());
        } catch (NumberFormatException e) {
            throw bad(key);
        }
    }

    private CliException bad(String key) {
        return new CliException(String.format(Locale.ROOT, "infotext field '%s' has an unreadable value '%s'", key,
                OneLine.sanitize(text(key, ""), 100)));
    }
}
