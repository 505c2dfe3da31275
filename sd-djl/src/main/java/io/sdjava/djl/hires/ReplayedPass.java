package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.djl.rng.ImageRng;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * An image-to-image pass through {@link ImageToImageSampling} where the model is replaced by the golden denoised
 * predictions, with the noise of a real {@link ImageRng}: checks the sampler wiring (schedule tail, starting latent,
 * the generator's first draw and its continuation, step count) independently of the UNet.
 */
final class ReplayedPass {
    private final List<float[]> xs = new ArrayList<>();
    private final List<Double> sigmas = new ArrayList<>();
    private float[] latent;

    /**
     * @param registry the samplers
     * @param sampler the A1111 sampler name
     * @param scheduler the A1111 scheduler name
     * @param init the initial latent
     * @param rng the images' generators, nothing drawn yet
     * @param schedule the sigmas to run over
     * @param denoised the golden denoised predictions {@code [steps, ...]}
     * @param scope the manager of the run
     * @return the recorded run
     */
    static ReplayedPass run(SamplerRegistry registry, String sampler, String scheduler, NDArray init, ImageRng rng,
            double[] schedule, float[] denoised, NDManager scope) {
        ReplayedPass pass = new ReplayedPass();
        Shape shape = init.getShape();
        int per = Math.toIntExact(shape.size());
        Denoiser model = new Denoiser() {
            private int call;

            @Override
            public NDArray denoise(NDArray x, double sigma) {
                pass.sigmas.add(sigma);
                return x.getManager().create(slice(denoised, call++, per, "denoised predictions"), shape);
            }
        };
        NDArray noise = rng.initialNoise(scope);
        NoiseSampler draws = rng.noiseSampler(scope);
        SamplingContext ctx = new SamplingContext(scope, draws, SamplerOptions.defaults(), ProgressListener.NONE,
                CancellationToken.never(), null, (step, sigma, x, d) -> pass.xs.add(x.toFloatArray()));
        SamplerRegistry.Selection selection = registry.resolve(sampler, scheduler);
        NDArray out = ImageToImageSampling.sample(registry.createSampler(selection.sampler()), model, init, noise,
                schedule, ctx);
        pass.latent = out.toFloatArray();
        return pass;
    }

    private static float[] slice(float[] all, int index, int per, String what) {
        if ((index + 1L) * per > all.length) {
            throw new IllegalStateException("the sampler asked for more " + what + " than recorded ("
                    + all.length / Math.max(per, 1) + ")");
        }
        float[] out = new float[per];
        System.arraycopy(all, index * per, out, 0, per);
        return out;
    }

    /** @return the sampler state x at every step, concatenated */
    float[] xPerStep() {
        float[] out = new float[xs.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] x : xs) {
            System.arraycopy(x, 0, out, at, x.length);
            at += x.length;
        }
        return out;
    }

    int steps() {
        return xs.size();
    }

    double[] sigmaPerCall() {
        return sigmas.stream().mapToDouble(Double::doubleValue).toArray();
    }

    float[] latent() {
        return latent;
    }
}
