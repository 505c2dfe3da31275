package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.model.AutoencoderKl;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.StateDict;

/** Runs one model component on a golden file's inputs and compares every output it records. */
final class ComponentChecks {
    private final StableDiffusionModel model;
    private final StateDict golden;
    private final JsonNode params;
    private final NDManager manager;
    private final TensorComparison cmp;

    ComponentChecks(StableDiffusionModel model, StateDict golden, JsonNode params, NDManager manager,
            TensorComparison cmp) {
        this.model = model;
        this.golden = golden;
        this.params = params;
        this.manager = manager;
        this.cmp = cmp;
    }

    void textEncoder() {
        NDArray ids = golden.toNDArray("input_ids", manager);
        NDList hidden = model.textEncoder().hiddenStates(ids);
        compare("hidden_states", NDArrays.stack(hidden, 0));
        compare("last_hidden_state", model.textEncoder().encode(ids, 1));
        for (String key : golden.keys()) {
            if (key.startsWith("clip_skip_")) {
                int n = Integer.parseInt(key.substring("clip_skip_".length()));
                compare(key, model.textEncoder().encode(ids, n));
            }
        }
    }

    void unet() {
        NDArray x = golden.toNDArray("x", manager);
        float[] t = golden.toFloatArray("timesteps");
        double[] timesteps = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            timesteps[i] = t[i];
        }
        NDArray context = golden.toNDArray("context", manager);
        compare("eps", model.unet().forward(x, timesteps, context));
    }

    void vaeDecode() {
        NDArray z = golden.toNDArray("z", manager);
        float multiplier = (float) (1.0 / scaleFactor());
        compare("decoded", model.vae().decode(z.mul(multiplier)));
    }

    void vaeEncode() {
        NDArray image = golden.toNDArray("image", manager);
        NDArray moments = model.vae().encodeMoments(image);
        compare("moments", moments);
        NDList posterior = AutoencoderKl.posterior(moments);
        compare("mean", posterior.get(0));
        compare("logvar", posterior.get(1));
        compare("std", posterior.get(2));
        NDArray noise = golden.toNDArray("sample_noise", manager);
        NDArray latent = posterior.get(2).mul(noise).add(posterior.get(0)).mul((float) scaleFactor());
        compare("latent", latent);
    }

    private double scaleFactor() {
        return params.path("scale_factor").asDouble(model.config().scaleFactor());
    }

    private void compare(String key, NDArray actual) {
        cmp.check(key, actual.toFloatArray(), actual.getShape().getShape(), golden.toFloatArray(key),
                golden.info(key).shape());
    }
}
