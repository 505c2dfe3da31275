package io.sdjava.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file. Parsing streams over the header bytes (no JSON
 * tree), rejects duplicate keys, trailing garbage, invalid UTF-8, unknown dtypes, malformed shapes, offsets
 * outside the data section, shape x dtype sizes that differ from the byte range, and, as the reference
 * implementation does, tensors that overlap, leave gaps or do not end exactly at the end of the file.
 */
final class SafetensorsHeader {
    /** The most dimensions a tensor may have. */
    static final int MAX_DIMS = 32;

    private static final String METADATA_KEY = "__metadata__";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A tensor's info and its byte range relative to the start of the data section. */
    record Entry(TensorInfo info, long begin, long end) {}

    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * @param file the file, for messages
     * @param header the header bytes (after the 8-byte length)
     * @param dataSize bytes available after the header
     * @throws ModelLoadException describing the first problem found
     */
    static SafetensorsHeader parse(Path file, byte[] header, long dataSize) {
        try (JsonParser p = JSON.createParser(header)) {
            return new Parsing(file, p, dataSize).header();
        } catch (JsonProcessingException e) {
            throw bad(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad(file, "header cannot be read: " + e.getMessage());
        }
    }

    static ModelLoadException bad(Path file, String problem) {
        return new ModelLoadException("invalid safetensors file " + file + ": " + problem);
    }

    /** One parse of one header. */
    private static final class Parsing {
        private final Path file;
        private final JsonParser p;
        private final long dataSize;

        Parsing(Path file, JsonParser p, long dataSize) {
            this.file = file;
            this.p = p;
            this.dataSize = dataSize;
        }

        SafetensorsHeader header() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, "header is not a JSON object");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = Map.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (key.equals(METADATA_KEY)) {
                    metadata = metadata();
                } else {
                    entries.put(key, entry(key));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw bad(file, "header JSON object is not closed");
            }
            if (p.nextToken() != null) {
                throw bad(file, "unexpected data after the header's JSON object");
            }
            checkContiguous(entries);
            return new SafetensorsHeader(Collections.unmodifiableMap(entries), metadata);
        }

        private Map<String, String> metadata() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return Map.of();
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(file, METADATA_KEY + " is not an object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw bad(file, METADATA_KEY + " value of '" + key + "' is not a string");
                }
                out.put(key, p.getText());
            }
            return Collections.unmodifiableMap(out);
        }

        private Entry entry(String name) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(file, "entry '" + name + "' is not an object");
            }
            TensorDType dtype = null;
            long[] shape = null;
            long[] offsets = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "dtype" -> dtype = dtype(name);
                    case "shape" -> shape = longs(name, "shape", MAX_DIMS);
                    case "data_offsets" -> offsets = longs(name, "data_offsets", 2);
                    default -> p.skipChildren();
                }
            }
            if (dtype == null) {
                throw bad(file, "tensor '" + name + "' has no dtype");
            }
            if (shape == null) {
                throw bad(file, "tensor '" + name + "' has no shape");
            }
            if (offsets == null || offsets.length != 2) {
                throw bad(file, "tensor '" + name + "' has no valid data_offsets [begin, end]");
            }
            return checkedEntry(new TensorInfo(name, dtype, shape), offsets[0], offsets[1]);
        }

        private TensorDType dtype(String name) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw bad(file, "tensor '" + name + "' has a dtype that is not a string");
            }
            try {
                return TensorDType.fromSafetensors(p.getText());
            } catch (IllegalArgumentException e) {
                throw bad(file, "tensor '" + name + "': " + e.getMessage());
            }
        }

        /** Reads a JSON array of non-negative 64-bit integers with at most {@code max} elements. */
        private long[] longs(String name, String field, int max) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw bad(file, "tensor '" + name + "' " + field + " is not a list");
            }
            long[] values = new long[max];
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n == max) {
                    throw bad(file, "tensor '" + name + "' " + field + " has more than " + max + " elements");
                }
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
                        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || p.getLongValue() < 0) {
                    throw bad(file, "tensor '" + name + "' " + field + " holds " + p.getText()
                            + ", not a non-negative 64-bit integer");
                }
                values[n++] = p.getLongValue();
            }
            return Arrays.copyOf(values, n);
        }

        private Entry checkedEntry(TensorInfo info, long begin, long end) {
            String name = info.name();
            if (end < begin || end > dataSize) {
                throw bad(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end
                        + "] are outside the data section of " + dataSize + " bytes");
            }
            long expected;
            try {
                expected = info.byteSize();
            } catch (ArithmeticException e) {
                throw bad(file, "tensor '" + name + "' shape " + Arrays.toString(info.shape())
                        + " overflows 64-bit size");
            }
            if (expected != end - begin) {
                throw bad(file, "tensor '" + name + "' is " + info.dtype() + " " + Arrays.toString(info.shape())
                        + " = " + expected + " bytes, but its data_offsets span " + (end - begin) + " bytes");
            }
            if (expected > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "' is " + expected
                        + " bytes; tensors larger than 2 GiB are not supported");
            }
            return new Entry(info, begin, end);
        }

        /**
         * Like the reference implementation, requires the tensors, ordered by offset, to tile the data section
         * exactly: no overlap, no gap, no trailing bytes.
         */
        private void checkContiguous(Map<String, Entry> entries) {
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expected = 0;
            Entry prev = null;
            for (Entry cur : sorted) {
                if (cur.begin() < expected) {
                    throw bad(file, "tensors '" + prev.info().name() + "' and '" + cur.info().name()
                            + "' overlap in the data section");
                }
                if (cur.begin() > expected) {
                    throw bad(file, "tensor '" + cur.info().name() + "' starts at byte " + cur.begin()
                            + " of the data section, but the data before it ends at byte " + expected
                            + " (tensors must be contiguous)");
                }
                expected = cur.end();
                prev = cur;
            }
            if (expected != dataSize) {
                throw bad(file, "the tensors cover " + expected + " bytes, but the data section after the header holds "
                        + dataSize + " bytes");
            }
        }
    }
}
