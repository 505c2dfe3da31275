package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTest {
    @Test
    void parsesAcceptedForms() {
        assertEquals(Device.cpu(), Device.parse("cpu"));
        assertEquals(Device.cpu(), Device.parse(" CPU "));
        assertEquals(Device.gpu(0), Device.parse("gpu"));
        assertEquals(Device.gpu(0), Device.parse("gpu:0"));
        assertEquals(Device.gpu(1), Device.parse("cuda:1"));
        assertEquals(Device.gpu(0), Device.parse("CUDA"));
        assertEquals(Device.gpu(12), Device.parse("Gpu:12"));
    }

    @Test
    void toStringParsesBack() {
        for (Device d : new Device[] {Device.cpu(), Device.gpu(0), Device.gpu(3)}) {
            assertEquals(d, Device.parse(d.toString()));
        }
        assertEquals("gpu:3", Device.gpu(3).toString());
        assertTrue(Device.gpu(0).isGpu());
        assertFalse(Device.cpu().isGpu());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tpu", "gpu:", "gpu:-1", "cuda:x", "cpu:0", "gpu:1:2", "mps", "gpu:99999999999"})
    void rejectsUnknownForms(String text) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Device.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("cpu, gpu, gpu:N or cuda:N"), e.getMessage());
    }

    @Test
    void rejectsBadIndexes() {
        assertThrows(InvalidRequestException.class, () -> Device.gpu(-1));
        assertThrows(InvalidRequestException.class, () -> new Device(Device.Type.CPU, 1));
        assertThrows(InvalidRequestException.class, () -> Device.parse(null));
    }

    @Test
    void precisionAutoDependsOnDevice() {
        assertEquals(Precision.FP32, Precision.AUTO.resolve(Device.cpu()));
        assertEquals(Precision.FP16, Precision.AUTO.resolve(Device.gpu(0)));
        assertEquals(Precision.FP32, Precision.FP32.resolve(Device.gpu(0)));
    }
}
