package io.sdjava.djl.infotext;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import org.junit.jupiter.api.Test;

class InfotextScratchTest {
    @Test
    void run() throws Exception {
        int pass = 0;
        for (ConformanceCase c : new InfotextConformanceArea(s -> false).cases(Fixtures.root())) {
            CaseResult r;
            try {
                r = c.run();
            } catch (Exception e) {
                r = CaseResult.fail(e.toString());
            }
            if (r.passed()) {
                pass++;
            } else {
                System.out.println("FAIL " + c.id() + ": " + r.detail());
            }
        }
        System.out.println("PASSED " + pass);
    }
}
