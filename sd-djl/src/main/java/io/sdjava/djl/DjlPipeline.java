package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.InvalidRequestException;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import io.sdjava.djl.conditioning.CfgDenoiser;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.DiscreteSigmas;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.djl.network.NetworkActivation;
import io.sdjava.djl.network.NetworkApplier;
import io.sdjava.djl.prompt.ExtraNetworkTag;
import io.sdjava.djl.prompt.ExtraNetworks;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.StepCallback;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DJL pipeline: a loaded SD 1.x model that runs A1111's txt2img and img2img in numbered stages
 * (1 validate, 2 conditioning, 3 sigmas, 4 noise, 5 sample, 6 Hires. fix second pass, 7 decode, 8 infotext). Native memory: the root
 * manager owns the weights; each {@link #generate} opens a generation manager, each batch a sub-manager, and the
 * sampler a manager per step. Conditionings are cached as A1111's {@code cached_c}/{@code cached_uc}: consecutive
 * batches and generations with the same prompts and text settings (see {@link ConditioningCache}) reuse them instead
 * of running the text encoder again; they live on the cache's own manager, closed with the pipeline. Thread-safe:
 * generations share only read-only weights and the cache's read-only arrays.
 */
public final class DjlPipeline implements Pipeline {
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(DjlPipeline.class);
    /** Conditionings kept for reuse: the first pass's and the Hires. fix pass's (A1111 keeps one of each). */
    static final int CONDITIONING_CACHE_SIZE = 2;

    private final NDManager root;
    private final Components parts;
    private final DiscreteSigmas sigmas;
    private final ImageCodec codec;
    private final HiresStage hires;
    private final ConditioningCache conditionings;
    private final AtomicInteger generations = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock networkLock = new ReentrantReadWriteLock();

    /**
     * What a pipeline is made of.
     *
     * @param model the loaded model (closed with the pipeline)
     * @param prompts stage 2: prompts to conditioning
     * @param noise stage 4: per-image random numbers
     * @param registry the samplers and schedules
     * @param modelHash the checkpoint's A1111 short hash for the infotext, or null
     * @param modelName the checkpoint's name for the infotext, or null
     * @param observer receives every sampler step's latent and denoised preview (tests), or null
     * @param networks applies the prompts' {@code <lora:...>} networks, or null without a LoRA folder
     * @param hashes short hashes of LoRA and embedding files for the infotext, or null to write none
     * @param owned other resources closed with the pipeline (the tokenizer)
     */
    public record Components(StableDiffusionModel model, PromptConditioner prompts, NoiseFactory noise,
            SamplerRegistry registry, String modelHash, String modelName, StepCallback observer,
            NetworkApplier networks, InfotextHashes hashes, List<AutoCloseable> owned) {
        /** Checks the required components. */
        public Components {
            owned = List.copyOf(owned);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(prompts, "prompts");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * @param root the root manager, owner of the model's weights manager; closed with the pipeline
     * @param parts the components
     */
    public DjlPipeline(NDManager root, Components parts) {
        this(root, parts, null);
    }

    /**
     * @param root the root manager, owner of the model's weights manager; closed with the pipeline
     * @param parts the components
     * @param upscalerDir the upscaler models folder for Hires. fix pixel upscalers, or null
     */
    public DjlPipeline(NDManager root, Components parts, Path upscalerDir) {
        this(root, parts, upscalerDir, CONDITIONING_CACHE_SIZE);
    }

    /**
     * @param root the root manager, owner of the model's weights manager; closed with the pipeline
     * @param parts the components
     * @param upscalerDir the upscaler models folder for Hires. fix pixel upscalers, or null
     * @param conditioningCacheSize how many conditionings are kept for reuse (0 = none)
     */
    DjlPipeline(NDManager root, Components parts, Path upscalerDir, int conditioningCacheSize) {
        this.root = Objects.requireNonNull(root, "root");
        this.parts = Objects.requireNonNull(parts, "parts");
        this.sigmas = new DiscreteSigmas(parts.model().alphasCumprod());
        this.codec = new ImageCodec(parts.model().vae(), parts.model().config().scaleFactor());
        NDManager cacheManager = root.getEngine().newBaseManager(root.getDevice());
        cacheManager.setName("sd-pipeline/conditioning-cache");
        this.conditionings = new ConditioningCache(cacheManager, conditioningCacheSize);
        this.hires = new HiresStage(parts, sigmas, codec, upscalerDir, conditionings);
    }

    /** @return the model's noise levels */
    public DiscreteSigmas sigmas() {
        return sigmas;
    }

    /** @return the root manager (for leak checks: its managed arrays are the weights only between generations) */
    public NDManager rootManager() {
        return root;
    }

    /** @return the conditioning cache (for tests: its arrays live outside {@link #rootManager()}) */
    ConditioningCache conditioningCache() {
        return conditionings;
    }

    @Override
    public GenerationResult generate(GenerationRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("pipeline is closed");
        }
        List<NetworkActivation> networks = networkActivations(request);
        Plan plan = validate(request, networks.stream().map(NetworkActivation::name).toList()); // 1
        lockNetworks(networks);
        try {
            return run(request, plan);
        } finally {
            networkLock.readLock().unlock();
        }
    }

    private GenerationResult run(GenerationRequest request, Plan plan) {
        request.listener().onStart(request);
        List<GeneratedImage> images = new ArrayList<>();
        int steps = plan.sampling().scheduleSteps(request.steps());
        try (NDManager generation = root.newSubManager();
                ConditioningCache.Lease lease = conditionings.get(ConditioningCache.Key.of(request, request, "first",
                        0, steps), m -> parts.prompts().encode(request, steps, m))) { // 2
            generation.setName("gen-" + generations.incrementAndGet());
            for (int batch = 0; batch < request.batchCount(); batch++) {
                images.addAll(runBatch(request, plan, lease.conditioning(), batch, generation));
            }
        }
        return new GenerationResult(images);
    }

    /** The positive prompt's {@code <lora:...>} tags (other extra networks are ignored, as A1111 warns). */
    private List<NetworkActivation> networkActivations(GenerationRequest r) {
        List<NetworkActivation> out = new ArrayList<>();
        for (ExtraNetworkTag tag : ExtraNetworks.parse(r.prompt()).networks()) {
            if (tag.name().equals("lora")) {
                out.add(NetworkActivation.parse(tag.items()));
            } else {
                LOG.warn("extra network type '{}' is not supported; ignored", tag.name());
            }
        }
        if (!out.isEmpty() && parts.networks() == null) {
            throw new InvalidRequestException("the prompt uses <lora:...> but the pipeline has no LoRA folder; set "
                    + "Pipeline.builder().loraDir(...)");
        }
        return out;
    }

    /**
     * Applies the wanted networks under the write lock, then holds the read lock for the generation: generations
     * with the same networks run in parallel, a different set waits for them.
     */
    private void lockNetworks(List<NetworkActivation> wanted) {
        networkLock.writeLock().lock();
        try {
            if (parts.networks() != null) {
                parts.networks().apply(wanted);
            }
            networkLock.readLock().lock();
        } finally {
            networkLock.writeLock().unlock();
        }
    }

    /** Stage 1 and 3: checks what the record cannot, resolves sampler, sigmas and seeds. */
    private Plan validate(GenerationRequest r, List<String> loras) {
        SamplerOptions options = SamplerOptions.defaults().toBuilder().eta(r.eta())
                .etaNoiseSeedDelta(r.ensd()).build();
        SamplingPlan plan = SamplingPlan.resolve(parts.registry(), r.sampler(), r.scheduler(), r.steps(), sigmas,
                options);
        if (r.isImageToImage()) {
            plan = plan.forImageToImage(r.denoisingStrength(), r.steps());
        }
        long seed = r.seed() == GenerationRequest.RANDOM_SEED ? randomSeed() : r.seed();
        long subseed = r.subseed() == GenerationRequest.RANDOM_SEED ? randomSeed() : r.subseed();
        return new Plan(plan, r.hires().enabled() ? hires.plan(r, options) : null, seed, subseed, loras);
    }

    /** A1111's {@code int(random.randrange(4294967294))}. */
    private static long randomSeed() {
        return (SEEDS.nextLong() >>> 1) % 4_294_967_294L;
    }

    private List<GeneratedImage> runBatch(GenerationRequest r, Plan plan, Conditioning conditioning, int batch,
            NDManager generation) {
        int size = r.batchSize();
        long[] seeds = new long[size];
        long[] subseeds = new long[size];
        for (int i = 0; i < size; i++) {
            int index = batch * size + i;
            seeds[i] = plan.seed() + (r.subseedStrength() == 0 ? index : 0);
            subseeds[i] = plan.subseed() + index;
        }
        List<SdImage> pixels;
        try (NDManager scope = generation.newSubManager()) {
            scope.setName(generation.getName() + "/batch-" + batch);
            SamplingPlan sampling = plan.sampling();
            Shape latentShape = new Shape(4, r.height() / 8, r.width() / 8);
            BatchNoise noise = parts.noise().create(r, seeds, subseeds, latentShape); // 4
            NDArray unit = noise.initial(scope);
            NDArray init = r.isImageToImage() ? initLatent(r, noise, scope) : null;
            CfgDenoiser denoiser = new CfgDenoiser(parts.model().unet(), sigmas, conditioning, size, r.cfgScale(),
                    sampling.options().quantization(), r.tiling(), scope);
            SamplingContext ctx = new SamplingContext(scope, sampling.noiseSampler(parts.registry(), noise, scope,
                    unit.getShape(), seeds), sampling.options(), r.listener(), r.cancellation(), sigmas,
                    parts.observer());
            NDArray latent = sampling.sample(denoiser, init, unit, ctx); // 5
            if (plan.hires() != null) {
                latent = hires.run(r, plan.hires(), latent, sampling.scheduleSteps(r.steps()), seeds, subseeds,
                        scope); // 6
            }
            pixels = ImageCodec.toImages(codec.decode(latent, r.tiling())); // 7
        }
        PipelineInfotext infotext = new PipelineInfotext(parts.modelHash(), parts.modelName(), parts.hashes());
        List<GeneratedImage> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            GeneratedImage image = new GeneratedImage(pixels.get(i), seeds[i], subseeds[i],
                    infotext.write(r, plan.sampling(), seeds[i], subseeds[i], plan.loras(),
                            conditioning.embeddingsUsed(), conditioning.bracketsInTexts())); // 8
            r.listener().onImage(image);
            out.add(image);
        }
        return out;
    }

    /** img2img: the init image resized to the request and VAE-encoded (posterior noise per image seed). */
    private NDArray initLatent(GenerationRequest r, BatchNoise noise, NDManager scope) {
        NDArray image = ImageCodec.toTensor(hires.resizeInitImage(r.initImage(), r.width(), r.height()), scope);
        if (r.batchSize() > 1) {
            image = image.repeat(0, r.batchSize());
        }
        return codec.encode(image, noise.encodeNoise(scope), r.tiling());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (parts.networks() != null) {
                parts.networks().close();
            }
            for (AutoCloseable resource : parts.owned()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed", resource, e);
                }
            }
            conditionings.close();
            parts.model().close();
            root.close();
        }
    }

    private record Plan(SamplingPlan sampling, HiresStage.Plan hires, long seed, long subseed, List<String> loras) {}
}
