package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.comparison.SamplerComparison;
import io.sdjava.spi.SamplerRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerComparisonTest {
    @Test
    void higherBudgetsReduceTheOdeError() {
        SamplerRegistry registry = SamplerRegistry.of(List.of(new BuiltinSamplerProvider()),
                List.of(new io.sdjava.samplers.schedule.BuiltinScheduleProvider()));
        try (NDManager manager = NDManager.newBaseManager()) {
            List<SamplerComparison.Row> rows = new SamplerComparison(registry).run(manager, 8, new int[] {10, 40}, 1);
            assertTrue(SamplerComparison.table(rows).contains("DPM++ 2M"));
            for (SamplerComparison.Row r : rows) {
                assertTrue(Double.isFinite(r.error()), r.toString());
                assertTrue(r.nfe() <= r.budget() || r.sampler().equals("DPM adaptive"), r.toString());
            }
            double e10 = find(rows, "DPM++ 2M", "Karras", 10).error();
            double e40 = find(rows, "DPM++ 2M", "Karras", 40).error();
            assertTrue(e40 < e10, e10 + " -> " + e40);
        }
    }

    private static SamplerComparison.Row find(List<SamplerComparison.Row> rows, String sampler, String schedule, int b) {
        return rows.stream().filter(r -> r.sampler().equals(sampler) && r.schedule().equals(schedule) && r.budget() == b)
                .findFirst().orElseThrow();
    }
}
