package io.sdjava.io;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Element types of stored tensors, with their safetensors names and byte sizes. */
public enum TensorDType {
    /** 64-bit float. */
    F64(8, DataType.FLOAT64),
    /** 32-bit float. */
    F32(4, DataType.FLOAT32),
    /** IEEE half. */
    F16(2, DataType.FLOAT16),
    /** bfloat16; materialized as FLOAT32 because DJL 0.36 cannot create BF16 arrays safely. */
    BF16(2, DataType.FLOAT32),
    /** 64-bit signed integer. */
    I64(8, DataType.INT64),
    /** 32-bit signed integer. */
    I32(4, DataType.INT32),
    /** 16-bit signed integer; materialized as INT32. */
    I16(2, DataType.INT32),
    /** 8-bit signed integer. */
    I8(1, DataType.INT8),
    /** 8-bit unsigned integer. */
    U8(1, DataType.UINT8),
    /** boolean, one byte each. */
    BOOL(1, DataType.BOOLEAN);

    private final int byteSize;
    private final DataType djlType;

    TensorDType(int byteSize, DataType djlType) {
        this.byteSize = byteSize;
        this.djlType = djlType;
    }

    /** @return bytes per element in the file */
    public int byteSize() {
        return byteSize;
    }

    /** @return the DJL type an array of this dtype is materialized as */
    public DataType djlType() {
        return djlType;
    }

    /** @return whether this is a floating-point type */
    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * @param name a safetensors dtype name such as {@code "F32"}
     * @return the dtype
     * @throws IllegalArgumentException naming the supported dtypes if unknown
     */
    public static TensorDType fromSafetensors(String name) {
        for (TensorDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'; supported: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** @return the lower-case name, e.g. {@code "bf16"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
