package io.sdjava;

/**
 * Progress of one sampling step.
 *
 * @param step the step just finished, 1-based
 * @param totalSteps the number of steps of this sampling pass
 * @param sigma the noise level the step started from
 */
public record StepEvent(int step, int totalSteps, double sigma) {}
