package io.sdjava.spi.conformance;

/**
 * Outcome of one golden case.
 *
 * @param passed whether the implementation matched the fixture within the tolerance of its README
 * @param detail what differed (empty when passed)
 * @param maxAbsDiff the largest absolute difference seen, or {@code NaN} when not numeric
 */
public record CaseResult(boolean passed, String detail, double maxAbsDiff) {
    /** @return a passing result */
    public static CaseResult pass() {
        return new CaseResult(true, "", Double.NaN);
    }

    /**
     * @param maxAbsDiff the largest difference seen
     * @return a passing numeric result
     */
    public static CaseResult pass(double maxAbsDiff) {
        return new CaseResult(true, "", maxAbsDiff);
    }

    /**
     * @param detail what differed
     * @return a failing result
     */
    public static CaseResult fail(String detail) {
        return new CaseResult(false, detail, Double.NaN);
    }

    /**
     * @param detail what differed
     * @param maxAbsDiff the largest difference seen
     * @return a failing numeric result
     */
    public static CaseResult fail(String detail, double maxAbsDiff) {
        return new CaseResult(false, detail, maxAbsDiff);
    }
}
