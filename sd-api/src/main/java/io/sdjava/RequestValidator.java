package io.sdjava;

import io.sdjava.spi.SamplerRegistry;

/** The cross-field and name checks of {@link GenerationRequest}. */
final class RequestValidator {
    private RequestValidator() {}

    /**
     * Checks that need more than one field; called by the record's constructor (before its fields are
     * assigned, hence the parameters).
     */
    static void checkCombinations(int width, int height, int seedResizeFromW, int seedResizeFromH, HiresFix hires,
            SdImage initImage) {
        if ((seedResizeFromW == 0) != (seedResizeFromH == 0)) {
            throw new InvalidRequestException("seedResizeFromW " + seedResizeFromW + " and seedResizeFromH "
                    + seedResizeFromH + " must be both 0 (off) or both set");
        }
        if (!hires.enabled()) {
            return;
        }
        if (initImage != null) {
            throw new InvalidRequestException("hires fix applies to text-to-image only; "
                    + "remove initImage or disable hires");
        }
        HiresFix.Size target = hires.upscaleTo(width, height);
        int min = GenerationRequest.MIN_SIDE;
        int max = GenerationRequest.MAX_SIDE;
        if (target.width() < min || target.width() > max || target.height() < min || target.height() > max) {
            throw new InvalidRequestException("hires target size " + target.width() + "x" + target.height()
                    + " (from " + width + "x" + height + ") is out of range; allowed: " + min + ".." + max
                    + " per side");
        }
    }

    /**
     * Checks sampler and scheduler names against the sampler providers on the class path. Skipped when
     * there are no sampler or no schedule providers at all: the backend checks the names again.
     */
    static void checkNames(GenerationRequest r) {
        SamplerRegistry registry = SamplerRegistry.load();
        if (registry.samplers().isEmpty() || registry.schedules().isEmpty()) {
            return;
        }
        registry.resolve(r.sampler(), r.scheduler());
        HiresFix hires = r.hires();
        if (hires.enabled() && (hires.sampler() != null || hires.scheduler() != null)) {
            registry.resolve(hires.sampler() != null ? hires.sampler() : r.sampler(),
                    hires.scheduler() != null ? hires.scheduler() : r.scheduler());
        }
    }
}
