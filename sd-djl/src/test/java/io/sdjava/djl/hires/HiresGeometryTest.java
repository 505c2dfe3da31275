package io.sdjava.djl.hires;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.HiresFix;
import org.junit.jupiter.api.Test;

class HiresGeometryTest {
    @Test
    void scaleOnly() {
        HiresGeometry g = HiresGeometry.of(HiresFix.builder().scale(1.5).build(), 64, 64);
        assertEquals(new HiresGeometry(96, 96, 0, 0), g);
        assertEquals(12, g.croppedLatentHeight());
    }

    @Test
    void resizeBoxWithAnotherAspectCropsTheLatent() {
        HiresGeometry g = HiresGeometry.of(HiresFix.builder().resizeX(128).resizeY(96).build(), 64, 64);
        assertEquals(new HiresGeometry(128, 128, 0, 4), g);
        assertEquals(12, g.croppedLatentHeight());
        assertEquals(16, g.croppedLatentWidth());
        HiresGeometry tall = HiresGeometry.of(HiresFix.builder().resizeX(96).resizeY(128).build(), 64, 64);
        assertEquals(new HiresGeometry(128, 128, 4, 0), tall);
    }

    @Test
    void oneResizeSideKeepsTheAspect() {
        assertEquals(new HiresGeometry(144, 96, 0, 0),
                HiresGeometry.of(HiresFix.builder().resizeY(96).build(), 96, 64));
    }

    @Test
    void fixedStepsAndImageToImageSchedules() {
        assertEquals(new DenoiseSchedule(14, 9), DenoiseSchedule.fixedSteps(10, 0.7));
        assertEquals(new DenoiseSchedule(20, 9), DenoiseSchedule.fixedSteps(10, 0.5));
        assertEquals(new DenoiseSchedule(7, 4), DenoiseSchedule.fixedSteps(5, 0.7));
        assertEquals(new DenoiseSchedule(10, 4), DenoiseSchedule.fixedSteps(5, 0.5));
        assertEquals(new DenoiseSchedule(10, 9), DenoiseSchedule.fixedSteps(10, 1.0));
        assertEquals(new DenoiseSchedule(10, 6), DenoiseSchedule.imageToImage(10, 0.6));
        assertEquals(5, DenoiseSchedule.fixedSteps(5, 0.7).samplerSteps());
        double[] tail = new DenoiseSchedule(7, 4).tail(new double[] {7, 6, 5, 4, 3, 2, 1, 0});
        assertEquals(6, tail.length);
        assertEquals(5, tail[0]);
        assertThrows(IllegalArgumentException.class, () -> DenoiseSchedule.fixedSteps(10, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new DenoiseSchedule(7, 4).tail(new double[7]));
    }
}
