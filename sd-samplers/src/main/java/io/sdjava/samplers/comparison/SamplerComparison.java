package io.sdjava.samplers.comparison;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.samplers.schedule.LcmModelSigmas;
import io.sdjava.samplers.schedule.SamplerSigmas;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.ScheduleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Compares samplers and schedules on a problem with a known answer (Gaussian data, see {@link GaussianProblem}):
 * for each sampler x schedule and each NFE budget, the error of the final sample. Deterministic samplers are
 * measured against the exact ODE solution (the limit a 1000-step reference approaches); stochastic ones (whose
 * path depends on the noise) by how far the sample's spread around the data mean is from the data's
 * {@code s}: {@code |rms(x - mu) / s - 1|}. No model weights needed; needs a DJL engine.
 */
public final class SamplerComparison {
    /**
     * One measurement.
     *
     * @param sampler the sampler's display name
     * @param schedule the schedule's display name ("Automatic" for timestep samplers)
     * @param budget the requested number of denoiser evaluations
     * @param nfe the evaluations actually made
     * @param stochastic whether the error is the distributional one
     * @param error the error (see the class comment)
     */
    public record Row(String sampler, String schedule, int budget, int nfe, boolean stochastic, double error) {}

    private final SamplerRegistry registry;
    private final DiscreteModelSigmas model = DiscreteModelSigmas.stableDiffusion();

    /** @param registry where samplers and schedules come from */
    public SamplerComparison(SamplerRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param manager parent manager for the runs (every run uses and closes a sub-manager)
     * @param latentSize latent height and width (4 channels)
     * @param budgets NFE budgets, e.g. {@code {10, 20, 40}}
     * @param seed seed of the data mean and the noise
     * @return one row per sampler, schedule and budget
     */
    public List<Row> run(NDManager manager, int latentSize, int[] budgets, long seed) {
        List<Row> rows = new ArrayList<>();
        for (SamplerInfo sampler : registry.samplers()) {
            List<ScheduleInfo> schedules = sampler.kind() == SamplerInfo.Kind.SIGMAS ? registry.schedules()
                    : List.of(registry.schedule(sampler.defaultSchedule()));
            for (ScheduleInfo schedule : schedules) {
                for (int budget : budgets) {
                    rows.add(measure(manager, sampler, schedule, budget, latentSize, seed));
                }
            }
        }
        return rows;
    }

    private Row measure(NDManager parent, SamplerInfo sampler, ScheduleInfo schedule, int budget, int size, long seed) {
        int steps = budget;
        double[] result = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            result = runOnce(parent, sampler, schedule, steps, size, seed, seed + 1);
            int nfe = (int) result[1];
            if (nfe <= budget || steps == 1) {
                break;
            }
            steps = Math.max(1, (int) Math.floor(steps * (double) budget / nfe));
        }
        double[] other = runOnce(parent, sampler, schedule, steps, size, seed, seed + 2);
        boolean stochastic = other[2] != result[2];
        String scheduleName = sampler.kind() == SamplerInfo.Kind.SIGMAS ? schedule.displayName() : "Automatic";
        return new Row(sampler.displayName(), scheduleName, budget, (int) result[1], stochastic,
                stochastic ? result[3] : result[0]);
    }

    /** @return {ode error, nfe, checksum, distribution error} */
    private double[] runOnce(NDManager parent, SamplerInfo info, ScheduleInfo schedule, int steps, int size,
            long seed, long noiseSeed) {
        try (NDManager manager = parent.newSubManager()) {
            Shape shape = new Shape(1, 4, size, size);
            GaussianProblem problem = new GaussianProblem(manager, model, shape, seed);
            SamplerOptions options = SamplerOptions.defaults();
            boolean lcm = info.id().equals("lcm");
            ModelSigmas sigmasModel = lcm ? new LcmModelSigmas(model) : model;
            double[] sigmas = SamplerSigmas.compute(info, registry.createSchedule(schedule), steps, sigmasModel, options);
            NDArray unit = GaussianProblem.gaussian(manager, shape, new Random(seed + 1000));
            Random random = new Random(noiseSeed);
            NoiseSampler noise = (s, n) -> GaussianProblem.gaussian(manager, shape, random);
            boolean vp = info.kind() == SamplerInfo.Kind.TIMESTEPS;
            double sigmaT = vp ? model.sigmaMax() : sigmas[0];
            NDArray x = unit.mul(SamplerSigmas.initialNoiseScale(info, sigmas, options));
            NDArray xT = vp ? x.mul(Math.sqrt(1 + sigmaT * sigmaT)) : x;
            SamplingContext ctx = new SamplingContext(manager, noise, options, ProgressListener.NONE,
                    CancellationToken.create(), sigmasModel, null);
            NDArray out = registry.createSampler(info).sample(problem.denoiser(), x, sigmas, ctx);
            double sigmaEnd = vp ? (info.id().equals("unipc") ? model.sigmaMin() : model.tToSigma(1))
                    : sigmas[sigmas.length - 1];
            NDArray exact = problem.exact(xT, sigmaT, sigmaEnd);
            if (vp) {
                exact = exact.div(Math.sqrt(1 + sigmaEnd * sigmaEnd));
            }
            double odeError = out.sub(exact).square().mean().sqrt().getFloat();
            double spread = out.sub(problem.mu()).square().mean().sqrt().getFloat();
            double checksum = out.sum().getFloat();
            return new double[] {odeError, problem.evaluations(), checksum, Math.abs(spread / GaussianProblem.S - 1)};
        }
    }

    /**
     * @param rows measurements from {@link #run}
     * @return a text table per budget: samplers down, schedules across; {@code *} marks distributional errors
     */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        List<Integer> budgets = rows.stream().map(Row::budget).distinct().toList();
        List<String> schedules = rows.stream().map(Row::schedule).distinct().toList();
        List<String> samplers = rows.stream().map(Row::sampler).distinct().toList();
        for (int budget : budgets) {
            out.append(String.format(Locale.ROOT, "%nNFE budget %d: RMS error vs exact ODE solution "
                    + "(* = stochastic: |rms(x - mu)/s - 1|)%n", budget));
            out.append(String.format(Locale.ROOT, "%-18s", "sampler"));
            schedules.forEach(s -> out.append(String.format(Locale.ROOT, " %16s", s)));
            out.append('\n');
            for (String sampler : samplers) {
                out.append(String.format(Locale.ROOT, "%-18s", sampler));
                for (String schedule : schedules) {
                    Row row = rows.stream().filter(r -> r.budget() == budget && r.sampler().equals(sampler)
                            && r.schedule().equals(schedule)).findFirst().orElse(null);
                    out.append(row == null ? String.format(Locale.ROOT, " %16s", "-")
                            : String.format(Locale.ROOT, " %10.2e%s(%3d)", row.error(), row.stochastic() ? "*" : " ",
                                    row.nfe()));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
