package io.sdjava.djl.prompt;

/**
 * One part of a composable ({@code AND}) prompt.
 *
 * @param text the part's text (leading spaces kept, the weight suffix and trailing spaces removed)
 * @param weight its weight in the combined denoiser output (default 1.0)
 */
public record SubPrompt(String text, double weight) {}
