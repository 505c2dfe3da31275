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

    /** A check that produces a case's result. */
    @FunctionalInterface
    interface Check {
        /**
         * @return the outcome
         * @throws Exception on an unexpected error (reported as a failure)
         */
        CaseResult run() throws Exception;
    }

    /**
     * @param id the case id
     * @param check what the case runs
     * @return a case with that id
     */
    static ConformanceCase of(String id, Check check) {
        return new ConformanceCase() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public CaseResult run() throws Exception {
                return check.run();
            }
        };
    }
}
