package io.sdjava.djl.infotext;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's {@code infotext_versions.backcompat}: flags that older WebUI versions implied, derived from the
 * infotext's {@code Version} field.
 */
final class VersionBackcompat {
    private static final Pattern DEV_SUFFIX = Pattern.compile("([^-]+-[^-]+)-.*");
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(\\d+))?.*");

    private VersionBackcompat() {}

    /** Comparable version: major, minor, patch and the dev commit count ("v1.7.0-225"), 0 when absent. */
    record Version(int major, int minor, int patch, int post) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            c = c != 0 ? c : Integer.compare(minor, o.minor);
            c = c != 0 ? c : Integer.compare(patch, o.patch);
            return c != 0 ? c : Integer.compare(post, o.post);
        }
    }

    private static final Version V160 = new Version(1, 6, 0, 0);
    private static final Version V170_TSNR = new Version(1, 7, 0, 225);
    private static final Version V180 = new Version(1, 8, 0, 0);

    static void apply(Map<String, Object> d) {
        Object text = d.get("Version");
        Version ver = text == null ? null : parse(text.toString());
        if (ver == null) {
            return;
        }
        if (ver.compareTo(V160) < 0 && String.valueOf(d.getOrDefault("Prompt", "")).contains("[")) {
            d.put("Old prompt editing timelines", Boolean.TRUE);
        }
        Object sampler = d.getOrDefault("Sampler", "");
        if (ver.compareTo(V160) < 0 && ("DDIM".equals(sampler) || "PLMS".equals(sampler))) {
            d.put("Pad conds v0", Boolean.TRUE);
        }
        if (ver.compareTo(V170_TSNR) < 0) {
            d.put("Downcast alphas_cumprod", Boolean.TRUE);
        }
        Object refiner = d.get("Refiner");
        if (ver.compareTo(V180) < 0 && refiner != null && !refiner.toString().isEmpty()) {
            d.put("Refiner switch by sampling steps", Boolean.TRUE);
        }
    }

    static Version parse(String text) {
        String t = text.trim();
        Matcher dev = DEV_SUFFIX.matcher(t);
        if (dev.matches()) {
            t = dev.group(1);
        }
        Matcher m = VERSION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        return new Version(Integer.parseInt(m.group(1)), group(m, 2), group(m, 3), group(m, 4));
    }

    private static int group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Integer.parseInt(m.group(i));
    }
}
