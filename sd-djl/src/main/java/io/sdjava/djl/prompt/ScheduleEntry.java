package io.sdjava.djl.prompt;

/**
 * One entry of a prompt schedule: {@code text} is used up to and including step {@code endStep}.
 *
 * @param endStep the last step (1-based boundary, as A1111's {@code end_at_step}) that uses this text
 * @param text the prompt text with every edit and alternation resolved
 */
public record ScheduleEntry(int endStep, String text) {}
