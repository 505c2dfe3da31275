package io.sdjava.testing;

import io.sdjava.spi.ScheduleInfo;
import io.sdjava.spi.ScheduleProvider;
import io.sdjava.spi.SigmaSchedule;
import java.util.List;

/** Test-only schedules registered through META-INF/services: "Karras" and "Normal". */
public final class TestScheduleProvider implements ScheduleProvider {
    @Override
    public List<ScheduleInfo> schedules() {
        return List.of(new ScheduleInfo("karras", "Karras", List.of()), new ScheduleInfo("normal", "Normal", List.of()));
    }

    @Override
    public SigmaSchedule create(String id) {
        return (steps, model) -> new double[steps + 1];
    }
}
