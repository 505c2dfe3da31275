package io.sdjava;

/**
 * Receives progress events. Every method has an empty default, so implement only what you need.
 * Called on the thread that runs the generation; keep it quick.
 */
public interface ProgressListener {
    /** A listener that ignores every event. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * Called after every sampler step.
     *
     * @param event the step that finished
     */
    default void onStep(StepEvent event) {}
}
