package io.sdjava.djl.infotext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses A1111 infotext ("parameters" text) exactly as WebUI v1.10.1's {@code parse_generation_parameters}: the
 * prompt, the negative prompt and every {@code key: value} pair, with {@code WxH} values split into {@code key-1}/
 * {@code key-2}, then the WebUI's defaults for missing keys and its version back-compatibility flags. Values keep
 * the parser's types: strings as written, integer/boolean defaults as {@link Integer}/{@link Boolean}.
 * Thread-safe.
 */
public final class InfotextParser {
    private static final Pattern PARAM =
            Pattern.compile("\\s*(\\w[\\w \\-/]+):\\s*(\"(?:\\\\.|[^\\\\\"])+\"|[^,]*)(?:,|$)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern IMAGE_SIZE = Pattern.compile("^(\\d+)x(\\d+)$");
    private static final String NEGATIVE_PREFIX = "Negative prompt:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Predicate<String> usesEmphasis;

    /** @return a parser that decides emphasis with A1111's attention parser, as the WebUI does */
    public static InfotextParser standard() {
        return new InfotextParser(PromptEmphasis::usesEmphasis);
    }

    /**
     * @param usesEmphasis tells whether a prompt has a chunk with an attention weight other than 1 (A1111 parses the
     *     prompt's attention for this); used to add {@code Emphasis: Original} to infotexts that do not name one
     */
    public InfotextParser(Predicate<String> usesEmphasis) {
        this.usesEmphasis = Objects.requireNonNull(usesEmphasis, "usesEmphasis");
    }

    /**
     * @param text an infotext
     * @return the parsed fields in insertion order, as A1111 returns them
     */
    public Map<String, Object> parse(String text) {
        Map<String, Object> res = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(Arrays.asList(strip(text).split("\n", -1)));
        String lastLine = lines.remove(lines.size() - 1);
        if (findParams(lastLine).size() < 3) {
            lines.add(lastLine);
            lastLine = "";
        }
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean doneWithPrompt = false;
        for (String raw : lines) {
            String line = strip(raw);
            if (line.startsWith(NEGATIVE_PREFIX)) {
                doneWithPrompt = true;
                line = strip(line.substring(NEGATIVE_PREFIX.length()));
            }
            StringBuilder target = doneWithPrompt ? negative : prompt;
            if (target.length() > 0) {
                target.append('\n');
            }
            target.append(line);
        }
        res.put("Prompt", prompt.toString());
        res.put("Negative prompt", negative.toString());
        for (String[] kv : findParams(lastLine)) {
            String key = kv[0];
            String value = kv[1];
            if (!value.isEmpty() && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                value = unquote(value);
            }
            Matcher size = IMAGE_SIZE.matcher(value);
            if (size.matches()) {
                res.put(key + "-1", size.group(1));
                res.put(key + "-2", size.group(2));
            } else {
                res.put(key, value);
            }
        }
        addDefaults(res);
        boolean emphasis = usesEmphasis.test(prompt.toString()) || usesEmphasis.test(negative.toString());
        if (emphasis && !res.containsKey("Emphasis")) {
            res.put("Emphasis", "Original");
        }
        res.putIfAbsent("Refiner switch by sampling steps", Boolean.FALSE);
        VersionBackcompat.apply(res);
        return res;
    }

    private static List<String[]> findParams(String line) {
        List<String[]> out = new ArrayList<>();
        Matcher m = PARAM.matcher(line);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static String unquote(String text) {
        try {
            Object decoded = JSON.readValue(text, Object.class);
            return decoded instanceof String s ? s : text;
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static void addDefaults(Map<String, Object> res) {
        res.putIfAbsent("Clip skip", "1");
        Object hypernet = res.get("Hypernet");
        if (hypernet != null) {
            res.put("Prompt", res.get("Prompt") + "<hypernet:" + hypernet + ":"
                    + res.getOrDefault("Hypernet strength", "1.0") + ">");
        }
        if (!res.containsKey("Hires resize-1")) {
            res.put("Hires resize-1", 0);
            res.put("Hires resize-2", 0);
        }
        res.putIfAbsent("Hires sampler", "Use same sampler");
        res.putIfAbsent("Hires schedule type", "Use same scheduler");
        res.putIfAbsent("Hires checkpoint", "Use same checkpoint");
        res.putIfAbsent("Hires prompt", "");
        res.putIfAbsent("Hires negative prompt", "");
        res.putIfAbsent("Mask mode", "Inpaint masked");
        res.putIfAbsent("Masked content", "original");
        res.putIfAbsent("Inpaint area", "Whole picture");
        res.putIfAbsent("Masked area padding", 32);
        restoreOldHiresFixParams(res);
        res.putIfAbsent("RNG", "GPU");
        res.putIfAbsent("Schedule type", "Automatic");
        res.putIfAbsent("Schedule max sigma", 0);
        res.putIfAbsent("Schedule min sigma", 0);
        res.putIfAbsent("Schedule rho", 0);
        res.putIfAbsent("VAE Encoder", "Full");
        res.putIfAbsent("VAE Decoder", "Full");
        res.putIfAbsent("FP8 weight", "Disable");
        if (!res.containsKey("Cache FP16 weight for LoRA") && !"Disable".equals(res.get("FP8 weight"))) {
            res.put("Cache FP16 weight for LoRA", Boolean.FALSE);
        }
    }

    /** Old infotexts carry "First pass size"; convert it into the size of the first pass plus a hires resize. */
    private static void restoreOldHiresFixParams(Map<String, Object> res) {
        Object firstW = res.get("First pass size-1");
        Object firstH = res.get("First pass size-2");
        if (firstW == null || firstH == null) {
            return;
        }
        int fw = Integer.parseInt(firstW.toString().trim());
        int fh = Integer.parseInt(firstH.toString().trim());
        int width = Integer.parseInt(res.getOrDefault("Size-1", 512).toString().trim());
        int height = Integer.parseInt(res.getOrDefault("Size-2", 512).toString().trim());
        if (fw == 0 || fh == 0) {
            int[] dims = oldHiresFixFirstPassDimensions(width, height);
            fw = dims[0];
            fh = dims[1];
        }
        res.put("Size-1", fw);
        res.put("Size-2", fh);
        res.put("Hires resize-1", width);
        res.put("Hires resize-2", height);
    }

    /** A1111's {@code old_hires_fix_first_pass_dimensions}: scale to about 512x512 pixels, multiples of 64. */
    static int[] oldHiresFixFirstPassDimensions(int width, int height) {
        int desiredPixelCount = 512 * 512;
        double actualPixelCount = (double) width * height;
        double scale = Math.sqrt(desiredPixelCount / actualPixelCount);
        int w = (int) (Math.ceil(scale * width / 64) * 64);
        int h = (int) (Math.ceil(scale * height / 64) * 64);
        return new int[] {w, h};
    }

    /** Python's {@code str.strip()}: removes leading and trailing whitespace. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isPythonSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u001c' || c == '\u001d'
                || c == '\u001e' || c == '\u001f' || c == '\u0085';
    }
}
