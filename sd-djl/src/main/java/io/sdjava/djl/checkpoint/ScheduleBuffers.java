package io.sdjava.djl.checkpoint;

import io.sdjava.ModelLoadException;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.util.Arrays;

/**
 * The model-side noise schedule: {@code alphas_cumprod} as stored in the checkpoint (so an F16 file gives
 * its F16-rounded values upcast, exactly as a {@code load_state_dict} into A1111's float32 buffer does), else
 * computed from the {@link ScheduleConfig}.
 */
public final class ScheduleBuffers {
    private ScheduleBuffers() {}

    /**
     * @param checkpoint the opened checkpoint
     * @param schedule the training schedule used when the buffer is absent
     * @return alphas_cumprod, one per training timestep, ascending in noise
     * @throws ModelLoadException if the stored buffer has the wrong shape or is not float
     */
    public static double[] alphasCumprod(StateDict checkpoint, ScheduleConfig schedule) {
        String key = LdmKeyLayout.ALPHAS_CUMPROD;
        if (!checkpoint.contains(key)) {
            return schedule.alphasCumprod();
        }
        TensorInfo info = checkpoint.info(key);
        if (!info.dtype().isFloatingPoint() || info.shape().length != 1 || info.shape()[0] < 2) {
            throw new ModelLoadException("checkpoint buffer '" + key + "' is " + info.dtype() + " "
                    + Arrays.toString(info.shape()) + ", expected a float vector of " + schedule.timesteps());
        }
        float[] stored = checkpoint.toFloatArray(key);
        double[] out = new double[stored.length];
        for (int i = 0; i < stored.length; i++) {
            out[i] = stored[i];
        }
        return out;
    }
}
