package io.sdjava.djl.infotext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes A1111 infotext exactly as WebUI v1.10.1's {@code create_infotext}: the prompt, the negative prompt if not
 * empty, then {@code key: value} pairs in A1111's fixed order followed by the extra parameters in the order they were
 * added, and last {@code Version}. Values are written as Python's {@code str()} would ({@code 7.0} for a double,
 * {@code 7} for an integer, {@code True} for a boolean) and quoted as JSON when they contain {@code ,}, {@code :} or a
 * newline. Not thread-safe; one builder per image.
 */
public final class InfotextBuilder {
    /** The WebUI version this project reproduces; written as {@code Version}. */
    public static final String A1111_VERSION = "v1.10.1";

    /** The keys {@code create_infotext} writes first, in its order. */
    static final List<String> FIXED_ORDER = List.of(
            "Steps", "Sampler", "Schedule type", "CFG scale", "Image CFG scale", "Seed", "Face restoration", "Size",
            "Model hash", "Model", "FP8 weight", "Cache FP16 weight for LoRA", "VAE hash", "VAE", "Variation seed",
            "Variation seed strength", "Seed resize from", "Denoising strength", "Conditional mask weight",
            "Clip skip", "ENSD", "Token merging ratio", "Token merging ratio hr", "Init image hash", "RNG", "Tiling");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prompt;
    private final String negativePrompt;
    private final Map<String, Object> fixed = new LinkedHashMap<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private String version = A1111_VERSION;

    /**
     * @param prompt the positive prompt, written verbatim
     * @param negativePrompt the negative prompt, written only when not empty
     */
    public InfotextBuilder(String prompt, String negativePrompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.negativePrompt = negativePrompt == null ? "" : negativePrompt;
    }

    /**
     * Sets a parameter. A key of A1111's fixed list keeps its fixed position; any other key is written after them,
     * in the order first added. A {@code null} value removes the key (A1111 omits {@code None}).
     *
     * @param key the infotext key, e.g. {@code "CFG scale"}
     * @param value a String, Integer/Long, Double/Float or Boolean
     * @return this builder
     */
    public InfotextBuilder put(String key, Object value) {
        Map<String, Object> target = FIXED_ORDER.contains(key) ? fixed : extra;
        if (value == null) {
            target.remove(key);
        } else {
            target.put(key, value);
        }
        return this;
    }

    /**
     * The first-pass parameters every infotext has.
     *
     * @param steps sampling steps
     * @param sampler the sampler's display name (legacy combined names already split)
     * @param scheduleType the schedule's label, or {@code "Automatic"}
     * @param cfgScale the CFG scale, a Double (written {@code 7.0}) or an Integer (written {@code 7})
     * @param seed the seed of this image
     * @param width first-pass width
     * @param height first-pass height
     * @return this builder
     */
    public InfotextBuilder basics(int steps, String sampler, String scheduleType, Number cfgScale, long seed, int width,
            int height) {
        return put("Steps", steps).put("Sampler", sampler).put("Schedule type", scheduleType).put("CFG scale", cfgScale)
                .put("Seed", seed).put("Size", width + "x" + height);
    }

    /**
     * @param hash first 10 hex of the checkpoint's sha256, or {@code null}
     * @param name the checkpoint's file name without extension, or {@code null}
     * @return this builder
     */
    public InfotextBuilder model(String hash, String name) {
        return put("Model hash", hash).put("Model", name);
    }

    /**
     * Variation seed and strength, written only when the strength is not 0; seed resize only when both sides are > 0.
     *
     * @param subseed the variation seed of this image
     * @param strength the variation strength
     * @param resizeFromW seed resize width, 0 if unused
     * @param resizeFromH seed resize height, 0 if unused
     * @return this builder
     */
    public InfotextBuilder variation(long subseed, double strength, int resizeFromW, int resizeFromH) {
        put("Variation seed", strength == 0 ? null : subseed);
        put("Variation seed strength", strength == 0 ? null : strength);
        return put("Seed resize from", resizeFromW <= 0 || resizeFromH <= 0 ? null : resizeFromW + "x" + resizeFromH);
    }

    /**
     * @param clipSkip CLIP skip, written only when greater than 1
     * @param ensd eta noise seed delta
     * @param samplerUsesEnsd whether the sampler, with its eta, draws noise that the delta affects
     * @param rng the random source label ({@code "CPU"}, {@code "NV"}); {@code "GPU"} or {@code null} are omitted
     * @param tiling whether seamless tiling was on
     * @return this builder
     */
    public InfotextBuilder settings(int clipSkip, long ensd, boolean samplerUsesEnsd, String rng, boolean tiling) {
        put("Clip skip", clipSkip <= 1 ? null : clipSkip);
        put("ENSD", ensd != 0 && samplerUsesEnsd ? ensd : null);
        put("RNG", rng == null || rng.equals("GPU") ? null : rng);
        return put("Tiling", tiling ? "True" : null);
    }

    /**
     * Hires. fix parameters, in the order A1111 adds them.
     *
     * @param hires the hires settings as written
     * @return this builder
     */
    public InfotextBuilder hires(HiresParams hires) {
        put("Denoising strength", hires.denoisingStrength());
        put("Hires sampler", hires.sampler());
        put("Hires prompt", hires.prompt());
        put("Hires negative prompt", hires.negativePrompt());
        put("Hires schedule type", hires.scheduleType());
        if (hires.resizeX() == 0 && hires.resizeY() == 0) {
            put("Hires upscale", hires.scale());
        } else {
            put("Hires resize", hires.resizeX() + "x" + hires.resizeY());
        }
        put("Hires steps", hires.steps() == 0 ? null : hires.steps());
        return put("Hires upscaler", hires.upscaler());
    }

    /**
     * Hires. fix values; a {@code null} sampler, schedule type, prompt or negative prompt means "same as the first
     * pass" and is not written.
     *
     * @param denoisingStrength hires denoising strength
     * @param sampler hires sampler if different from the first pass, else {@code null}
     * @param prompt hires prompt if different, else {@code null}
     * @param negativePrompt hires negative prompt if different, else {@code null}
     * @param scheduleType hires schedule type if different, else {@code null}
     * @param scale the upscale factor (written when no explicit resize is given)
     * @param resizeX explicit target width, 0 if unused
     * @param resizeY explicit target height, 0 if unused
     * @param steps hires steps, 0 = same as the first pass (not written)
     * @param upscaler the upscaler name
     */
    public record HiresParams(Number denoisingStrength, String sampler, String prompt, String negativePrompt,
            String scheduleType, Number scale, int resizeX, int resizeY, int steps, String upscaler) {}

    /**
     * @param hashes {@code alias: shorthash} per LoRA of the positive prompt, in prompt order; empty = not written
     * @return this builder
     */
    public InfotextBuilder loraHashes(Map<String, String> hashes) {
        return put("Lora hashes", joinHashes(hashes));
    }

    /**
     * @param hashes {@code name: shorthash} per embedding used, in A1111's order; empty = not written
     * @return this builder
     */
    public InfotextBuilder tiHashes(Map<String, String> hashes) {
        return put("TI hashes", joinHashes(hashes));
    }

    private static String joinHashes(Map<String, String> hashes) {
        if (hashes.isEmpty()) {
            return null;
        }
        return hashes.entrySet().stream()
                .map(e -> e.getKey().replace(":", "").replace(",", "") + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * @param version the {@code Version} value, or {@code null} to omit it
     * @return this builder
     */
    public InfotextBuilder version(String version) {
        this.version = version;
        return this;
    }

    /** @return the infotext */
    public String build() {
        StringBuilder params = new StringBuilder();
        for (String key : FIXED_ORDER) {
            if (fixed.containsKey(key)) {
                append(params, key, fixed.get(key));
            }
        }
        extra.forEach((k, v) -> append(params, k, v));
        if (version != null) {
            append(params, "Version", version);
        }
        String negative = negativePrompt.isEmpty() ? "" : "\nNegative prompt: " + negativePrompt;
        return InfotextParser.strip(prompt + negative + "\n" + params);
    }

    private static void append(StringBuilder out, String key, Object value) {
        if (out.length() > 0) {
            out.append(", ");
        }
        out.append(key).append(": ").append(quote(pythonStr(value)));
    }

    /** A1111's {@code quote}: JSON-encode values containing a comma, a colon or a newline. */
    static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('\n') < 0 && text.indexOf(':') < 0) {
            return text;
        }
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot JSON-encode infotext value", e);
        }
    }

    /**
     * Python's {@code str()} of a value.
     *
     * @param value a String, integral Number, Double/Float or Boolean
     * @return the text Python would print
     */
    public static String pythonStr(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return pythonFloat(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(InfotextBuilder::pythonStr).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, scientific outside [1e-4, 1e16). */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = d < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
