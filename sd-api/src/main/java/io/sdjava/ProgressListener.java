package io.sdjava;

/**
 * Receives progress events of one request. Every method has an empty default, so implement only what
 * you need. Methods are called on the thread that runs {@link Pipeline#generate}, in this order:
 * {@link #onStart} once, then for each image batch {@link #onStep} per sampler step (a hires fix adds a
 * second sampling pass with its own step count) and {@link #onImage} per finished image. Keep them quick;
 * an exception thrown here aborts the generation.
 */
public interface ProgressListener {
    /** A listener that ignores every event; the default of {@link GenerationRequest#listener()}. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * Called once, before the first step.
     *
     * @param request the request being generated
     */
    default void onStart(GenerationRequest request) {}

    /**
     * Called after every sampler step.
     *
     * @param event the step that finished
     */
    default void onStep(StepEvent event) {}

    /**
     * Called as soon as each image is finished, before {@link Pipeline#generate} returns.
     *
     * @param image the finished image with its seeds and infotext
     */
    default void onImage(GeneratedImage image) {}
}
