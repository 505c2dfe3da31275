package io.sdjava.spi.conformance;

/** One golden case: runs the implementation and compares it with the fixture. */
public interface ConformanceCase {
    /** @return the case id, unique within its area */
    String id();

    /**
     * Runs the case. Comparison failures are returned, not thrown; an exception thrown here counts as a failure.
     *
     * @return the outcome
     * @throws Exception on an unexpected error (reported as a failure)
     */
    CaseResult run() throws Exception;
}
