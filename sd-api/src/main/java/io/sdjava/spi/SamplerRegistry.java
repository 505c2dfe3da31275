package io.sdjava.spi;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Resolves sampler and schedule names (A1111 display names, aliases, k-diffusion ids, case-insensitive,
 * including legacy combined names such as {@code "DPM++ 2M Karras"}) against the providers found through
 * {@link ServiceLoader}. Immutable and thread-safe once created.
 */
public final class SamplerRegistry {
    /** The schedule name that selects the sampler's own default. */
    public static final String AUTOMATIC = "Automatic";

    private final Map<String, SamplerEntry> samplersByName = new LinkedHashMap<>();
    private final Map<String, ScheduleEntry> schedulesByName = new LinkedHashMap<>();
    private final List<SamplerInfo> samplers = new ArrayList<>();
    private final List<ScheduleInfo> schedules = new ArrayList<>();
    private final List<SamplerProvider> samplerProviders;

    private record SamplerEntry(SamplerInfo info, SamplerProvider provider) {}

    private record ScheduleEntry(ScheduleInfo info, ScheduleProvider provider) {}

    /**
     * A resolved choice of sampler and schedule.
     *
     * @param sampler the sampler
     * @param schedule the schedule ("Automatic" already replaced by the sampler's default)
     */
    public record Selection(SamplerInfo sampler, ScheduleInfo schedule) {}

    /**
     * @return a registry over the providers visible to this class's and the context class loader
     */
    public static SamplerRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SamplerRegistry.class.getClassLoader();
        }
        List<SamplerProvider> samplerProviders = new ArrayList<>();
        ServiceLoader.load(SamplerProvider.class, loader).forEach(samplerProviders::add);
        List<ScheduleProvider> scheduleProviders = new ArrayList<>();
        ServiceLoader.load(ScheduleProvider.class, loader).forEach(scheduleProviders::add);
        return of(samplerProviders, scheduleProviders);
    }

    /**
     * @param samplerProviders sampler providers, earlier ones win on name clashes
     * @param scheduleProviders schedule providers, earlier ones win on name clashes
     * @return a registry over exactly these providers
     */
    public static SamplerRegistry of(List<SamplerProvider> samplerProviders, List<ScheduleProvider> scheduleProviders) {
        return new SamplerRegistry(samplerProviders, scheduleProviders);
    }

    private SamplerRegistry(List<SamplerProvider> samplerProviders, List<ScheduleProvider> scheduleProviders) {
        this.samplerProviders = List.copyOf(samplerProviders);
        for (SamplerProvider provider : samplerProviders) {
            for (SamplerInfo info : provider.samplers()) {
                SamplerEntry entry = new SamplerEntry(info, provider);
                if (samplersByName.putIfAbsent(key(info.id()), entry) == null) {
                    samplers.add(info);
                }
                samplersByName.putIfAbsent(key(info.displayName()), entry);
                info.aliases().forEach(a -> samplersByName.putIfAbsent(key(a), entry));
            }
        }
        for (ScheduleProvider provider : scheduleProviders) {
            for (ScheduleInfo info : provider.schedules()) {
                ScheduleEntry entry = new ScheduleEntry(info, provider);
                if (schedulesByName.putIfAbsent(key(info.id()), entry) == null) {
                    schedules.add(info);
                }
                schedulesByName.putIfAbsent(key(info.displayName()), entry);
                info.aliases().forEach(a -> schedulesByName.putIfAbsent(key(a), entry));
            }
        }
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** @return every sampler, in provider order */
    public List<SamplerInfo> samplers() {
        return List.copyOf(samplers);
    }

    /** @return every schedule, in provider order */
    public List<ScheduleInfo> schedules() {
        return List.copyOf(schedules);
    }

    /**
     * @param name a display name, alias or id (case-insensitive)
     * @return the sampler's description
     * @throws InvalidRequestException naming the valid samplers if unknown
     */
    public SamplerInfo sampler(String name) {
        SamplerEntry entry = name == null ? null : samplersByName.get(key(name));
        if (entry == null) {
            throw new InvalidRequestException("unknown sampler '" + name + "'; valid samplers: "
                    + samplers.stream().map(SamplerInfo::displayName).collect(Collectors.joining(", ")));
        }
        return entry.info();
    }

    /**
     * @param name a label, alias or id (case-insensitive); not "Automatic"
     * @return the schedule's description
     * @throws InvalidRequestException naming the valid schedules if unknown
     */
    public ScheduleInfo schedule(String name) {
        ScheduleEntry entry = name == null ? null : schedulesByName.get(key(name));
        if (entry == null) {
            throw new InvalidRequestException("unknown scheduler '" + name + "'; valid schedulers: " + AUTOMATIC + ", "
                    + schedules.stream().map(ScheduleInfo::displayName).collect(Collectors.joining(", ")));
        }
        return entry.info();
    }

    /**
     * Resolves a sampler and scheduler pair as A1111 does, including legacy combined sampler names
     * ({@code "DPM++ 2M Karras"} is DPM++ 2M with the Karras schedule) when the scheduler is Automatic.
     *
     * @param samplerName sampler name (display name, alias or id)
     * @param scheduleName schedule name, or {@code null}/{@code "Automatic"} for the sampler's default
     * @return the resolved pair
     * @throws InvalidRequestException if either name is unknown
     */
    public Selection resolve(String samplerName, String scheduleName) {
        boolean automatic = scheduleName == null || key(scheduleName).equals(key(AUTOMATIC));
        if (samplerName != null && !samplersByName.containsKey(key(samplerName))) {
            Selection legacy = resolveCombined(samplerName, automatic);
            if (legacy != null) {
                return legacy;
            }
        }
        SamplerInfo sampler = sampler(samplerName);
        ScheduleInfo schedule = automatic ? schedule(sampler.defaultSchedule()) : schedule(scheduleName);
        return new Selection(sampler, schedule);
    }

    private Selection resolveCombined(String samplerName, boolean automatic) {
        String name = key(samplerName);
        for (Map.Entry<String, ScheduleEntry> schedule : schedulesByName.entrySet()) {
            String suffix = " " + schedule.getKey();
            if (automatic && name.endsWith(suffix)) {
                SamplerEntry sampler = samplersByName.get(name.substring(0, name.length() - suffix.length()).trim());
                if (sampler != null) {
                    return new Selection(sampler.info(), schedule.getValue().info());
                }
            }
        }
        return null;
    }

    /**
     * @param info a sampler of this registry
     * @return a new sampler instance
     */
    public Sampler createSampler(SamplerInfo info) {
        return samplersByName.get(key(info.id())).provider().create(info.id());
    }

    /**
     * @param info a schedule of this registry
     * @return the schedule
     */
    public SigmaSchedule createSchedule(ScheduleInfo info) {
        return schedulesByName.get(key(info.id())).provider().create(info.id());
    }

    /**
     * Creates the Brownian-tree noise for one sampling pass of a {@link SamplerInfo.Noise#BROWNIAN} sampler, as
     * A1111's {@code create_noise_sampler(x, sigmas, p)}: the path spans {@code [min(sigmas > 0), max(sigmas)]} of
     * the pass's whole schedule (for image-to-image the full schedule, not its tail) and each image's path is
     * seeded with that image's seed. The sampler's own provider is asked first, then the others in order.
     *
     * @param sampler the sampler the noise is for
     * @param manager the scope of the noise's arrays (see {@link SamplerProvider#createBrownianNoise})
     * @param latentShape the batch latent's shape {@code [B, C, h, w]}
     * @param sigmas the pass's whole sigma schedule
     * @param seeds one seed per image
     * @return the noise sampler
     * @throws IllegalArgumentException if the seeds do not match the batch or no sigma is positive
     * @throws IllegalStateException if no provider has Brownian noise
     */
    public NoiseSampler createBrownianNoise(SamplerInfo sampler, NDManager manager, Shape latentShape,
            double[] sigmas, long[] seeds) {
        if (latentShape.dimension() < 1 || latentShape.get(0) != seeds.length) {
            throw new IllegalArgumentException("need one seed per image: shape " + latentShape + ", "
                    + seeds.length + " seeds");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : sigmas) {
            if (s > 0) {
                min = Math.min(min, s);
            }
            max = Math.max(max, s);
        }
        if (min == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Brownian noise needs a positive sigma in the schedule");
        }
        List<SamplerProvider> order = new ArrayList<>();
        SamplerEntry own = samplersByName.get(key(sampler.id()));
        if (own != null) {
            order.add(own.provider());
        }
        samplerProviders.stream().filter(p -> !order.contains(p)).forEach(order::add);
        for (SamplerProvider provider : order) {
            try {
                return provider.createBrownianNoise(manager, latentShape, min, max, seeds.clone());
            } catch (UnsupportedOperationException e) {
                // try the next provider
            }
        }
        throw new IllegalStateException("no sampler provider offers Brownian-tree noise for '"
                + sampler.displayName() + "'; add io.sdjava:sd-samplers");
    }
}
