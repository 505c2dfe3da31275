package io.sdjava.spi;

import java.util.List;

/** ServiceLoader seam for schedules (A1111 "schedulers"). */
public interface ScheduleProvider {
    /** @return the schedules this provider offers */
    List<ScheduleInfo> schedules();

    /**
     * @param id one of the ids of {@link #schedules()}
     * @return the schedule
     * @throws IllegalArgumentException if the id is not offered here
     */
    SigmaSchedule create(String id);
}
