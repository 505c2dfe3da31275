package io.sdjava.io;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct buffers whose memory is returned as soon as they are no longer needed, instead of when a garbage
 * collection finds them: a checkpoint load stages gigabytes through such buffers while allocating almost nothing on
 * the heap, so without this the dead buffers would pile up to the direct-memory limit. Uses the JDK's supported
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}); if it is unavailable the buffers are
 * left to the GC.
 */
final class DirectBuffers {
    private static final Logger LOG = LoggerFactory.getLogger(DirectBuffers.class);
    private static final MethodHandle INVOKE_CLEANER = findCleaner();

    private DirectBuffers() {}

    /**
     * @param bytes the capacity
     * @return a direct buffer in native byte order
     */
    static ByteBuffer allocate(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    /**
     * Frees a buffer from {@link #allocate}; it must not be used (or viewed) afterwards.
     *
     * @param buffer the buffer
     */
    static void free(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(buffer);
        } catch (Throwable t) { // never fatal: the GC frees it later
            LOG.debug("could not free a direct buffer eagerly: {}", t.toString());
        }
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class)).bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("direct buffers are freed by the GC only: {}", e.toString());
            return null;
        }
    }
}
