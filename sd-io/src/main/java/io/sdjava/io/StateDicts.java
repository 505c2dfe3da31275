package io.sdjava.io;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens any supported weights file by its content: safetensors, PyTorch zip pickle or legacy pickle. */
public final class StateDicts {
    private StateDicts() {}

    /**
     * @param file a {@code .safetensors}, {@code .ckpt}, {@code .pt}, {@code .pth} or {@code .bin} file
     * @return its state dict; close it when done
     * @throws ModelLoadException if the file is missing, of an unknown format, corrupt or hostile
     */
    public static StateDict open(Path file) {
        return open(file, PickleReader.AllowList.A1111);
    }

    /**
     * @param file a weights file
     * @param pickleAllowList the globals a pickle file may name
     * @return its state dict; close it when done
     * @throws ModelLoadException if the file is missing, of an unknown format, corrupt or hostile
     */
    public static StateDict open(Path file, PickleReader.AllowList pickleAllowList) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("weights file not found: " + file, e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (head.length == 0) {
            throw new ModelLoadException("weights file is empty: " + file);
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return PickleReader.read(file, pickleAllowList);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return PickleReader.read(file, pickleAllowList);
        }
        boolean namedSafetensors = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
        if (namedSafetensors || (head.length == 9 && head[8] == '{')) {
            return SafetensorsReader.open(file); // validates the header and names the problem
        }
        throw new ModelLoadException("unknown weights format in " + file
                + " (supported: .safetensors, PyTorch .ckpt/.pt/.pth/.bin pickles)");
    }
}
