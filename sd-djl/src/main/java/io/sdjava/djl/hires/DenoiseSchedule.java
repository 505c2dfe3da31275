package io.sdjava.djl.hires;

import java.util.Arrays;

/**
 * How many sigmas an image-to-image pass (img2img, Hires. fix second pass) runs over, as A1111's
 * {@code setup_img2img_steps}: the schedule is computed for {@code totalSteps} and sampling starts at index
 * {@code totalSteps - tEnc - 1}, i.e. {@code tEnc + 1} sampler steps. Immutable.
 *
 * @param totalSteps the steps the sigma schedule is computed for
 * @param tEnc A1111's {@code t_enc}
 */
public record DenoiseSchedule(int totalSteps, int tEnc) {
    /** Validates the pair. */
    public DenoiseSchedule {
        if (tEnc < 0 || tEnc >= totalSteps) {
            throw new IllegalArgumentException("t_enc " + tEnc + " must be in 0.." + (totalSteps - 1));
        }
    }

    /**
     * The "fixed steps" rule, used by the Hires. fix second pass (A1111 passes its steps explicitly):
     * {@code total = int(steps / min(strength, 0.999))}, {@code t_enc = steps - 1}, so exactly {@code steps} sampler
     * steps run.
     *
     * @param steps the hires steps ({@code hr_second_pass_steps}, or the first pass's steps when that is 0)
     * @param denoisingStrength the denoising strength, &gt; 0
     * @return the schedule
     */
    public static DenoiseSchedule fixedSteps(int steps, double denoisingStrength) {
        requirePositive(steps, denoisingStrength);
        return new DenoiseSchedule((int) (steps / Math.min(denoisingStrength, 0.999)), steps - 1);
    }

    /**
     * Plain img2img without A1111's "fixed steps" setting: {@code total = steps},
     * {@code t_enc = int(min(strength, 0.999) * steps)}.
     *
     * @param steps the request's steps
     * @param denoisingStrength the denoising strength, &gt; 0
     * @return the schedule
     */
    public static DenoiseSchedule imageToImage(int steps, double denoisingStrength) {
        requirePositive(steps, denoisingStrength);
        return new DenoiseSchedule(steps, (int) (Math.min(denoisingStrength, 0.999) * steps));
    }

    private static void requirePositive(int steps, double strength) {
        if (steps < 1 || !(strength > 0)) {
            throw new IllegalArgumentException("image-to-image needs steps >= 1 and denoising strength > 0, got "
                    + steps + " and " + strength);
        }
    }

    /** @return the sampler steps that run, {@code tEnc + 1} */
    public int samplerSteps() {
        return tEnc + 1;
    }

    /**
     * @param full the sigma schedule for {@link #totalSteps()} ({@code totalSteps + 1} values, as the sampler gets
     *     it)
     * @return {@code full[totalSteps - tEnc - 1:]}
     */
    public double[] tail(double[] full) {
        if (full.length != totalSteps + 1) {
            throw new IllegalArgumentException("expected " + (totalSteps + 1) + " sigmas, got " + full.length);
        }
        return Arrays.copyOfRange(full, totalSteps - tEnc - 1, full.length);
    }
}
