package io.sdjava.io;

import io.sdjava.io.PickleValues.ClassRef;
import io.sdjava.io.PickleValues.StorageRef;
import io.sdjava.io.PickleValues.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A restricted pickle virtual machine (protocols 0-5). It never imports, instantiates or calls anything: globals
 * outside the allow-list are refused ({@code global 'module/name' is forbidden}), allow-listed ones become
 * {@link ClassRef}s, and the few allow-listed callables are interpreted by {@link PickleCalls} as plain data.
 * Persistent ids must be tuples starting with {@code 'storage'}. Single use, not thread-safe.
 */
final class Unpickler {
    private final ByteBuffer in;
    private final Set<String> allowed;
    private final Function<Tuple, StorageRef> persistentLoad;
    /** Pushes plus memo entries a pickle may make in all (a real SD checkpoint makes well under a million). */
    static final int MAX_OBJECTS = 1 << 24;
    /** How deeply tuples used as dict keys or set items may nest. */
    static final int MAX_KEY_DEPTH = 100;

    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16]; // stack positions of the open MARKs, as in CPython's unpickler
    private int markCount;
    private int currentMark; // position of the innermost open MARK, 0 if none
    private long pushes;
    private final Map<Long, Object> memo = new HashMap<>();

    /** Thrown for malformed pickle data (A1111 reports these as "most likely corrupted"). */
    static final class CorruptPickleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptPickleException(String message) {
            super(message);
        }
    }

    /** Thrown for pickle data that asks for something outside the allow-list ("may be malicious"). */
    static final class ForbiddenPickleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForbiddenPickleException(String message) {
            super(message);
        }
    }

    Unpickler(ByteBuffer in, Set<String> allowed, Function<Tuple, StorageRef> persistentLoad) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.allowed = allowed;
        this.persistentLoad = persistentLoad;
    }

    /** @return the unpickled object; the buffer is positioned after the STOP opcode */
    Object load() {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw corrupt("unsupported pickle protocol: " + proto);
                    }
                }
                case 0x95 -> { // FRAME: frames are contiguous, so the length only has to fit in the data
                    long frame = need(8).getLong();
                    if (frame < 0 || frame > in.remaining()) {
                        throw corrupt("pickle data was truncated (a frame of " + Long.toUnsignedString(frame)
                                + " bytes, " + in.remaining() + " left)");
                    }
                }
                case '.' -> {
                    return pop();
                }
                case '(' -> mark();
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) need(4).getInt());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (need(2).getShort() & 0xffff));
                case 0x8a -> push(PickleText.longOf(bytes(u8())));
                case 0x8b -> push(PickleText.longOf(bytes(length(need(4).getInt() & 0xffffffffL))));
                case 'G' -> push(need(8).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'I' -> push(PickleText.textInt(line()));
                case 'L' -> push(PickleText.textLong(line()));
                case 'F' -> push(PickleText.textFloat(line()));
                case 'X' -> push(PickleText.utf8(bytes(length(need(4).getInt() & 0xffffffffL))));
                case 0x8c -> push(PickleText.utf8(bytes(u8())));
                case 0x8d -> push(PickleText.utf8(bytes(length(need(8).getLong()))));
                case 'V' -> push(PickleText.rawUnicodeEscape(line()));
                case 'T' -> push(PickleText.latin1(bytes(length(need(4).getInt() & 0xffffffffL))));
                case 'U' -> push(PickleText.latin1(bytes(u8())));
                case 'S' -> push(PickleText.pythonStringLiteral(line()));
                case 'B' -> push(bytes(length(need(4).getInt() & 0xffffffffL)));
                case 'C' -> push(bytes(u8()));
                case 0x8e, 0x96 -> push(bytes(length(need(8).getLong())));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'a' -> list(stackTop(1)).add(pop());
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(popMark()));
                case 0x85 -> push(tupleOf(1));
                case 0x86 -> push(tupleOf(2));
                case 0x87 -> push(tupleOf(3));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> push(dictOf(popMark()));
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    map(peek()).put(key(key), value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = map(peek());
                    putPairs(m, items);
                }
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x90 -> {
                    List<Object> items = popMark();
                    items.forEach(Unpickler::key);
                    set(peek()).addAll(items);
                }
                case 0x91 -> {
                    List<Object> items = popMark();
                    items.forEach(Unpickler::key);
                    push(new LinkedHashSet<>(items));
                }
                case 'g' -> push(memoGet(PickleText.memoIndex(line())));
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(need(4).getInt() & 0xffffffffL));
                case 'p' -> memoPut(PickleText.memoIndex(line()));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(need(4).getInt() & 0xffffffffL);
                case 0x94 -> memoPut(memo.size());
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw corrupt("STACK_GLOBAL requires str");
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    push(PickleCalls.call(callable, tuple(args)));
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    push(PickleCalls.call(cls, tuple(args)));
                }
                case 0x92 -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (kwargs instanceof Map<?, ?> kw && !kw.isEmpty()) {
                        throw forbidden("keyword arguments in NEWOBJ_EX are not supported");
                    }
                    push(PickleCalls.call(cls, tuple(args)));
                }
                case 'i' -> {
                    ClassRef cls = global(line(), line());
                    push(PickleCalls.call(cls, new Tuple(popMark())));
                }
                case 'o' -> {
                    List<Object> items = popMark();
                    if (items.isEmpty()) {
                        throw corrupt("OBJ without a class");
                    }
                    push(PickleCalls.call(items.get(0), new Tuple(items.subList(1, items.size()))));
                }
                case 'b' -> {
                    Object state = pop();
                    push(PickleCalls.build(pop(), state));
                }
                case 'Q' -> {
                    Object pid = pop();
                    push(persistent(pid));
                }
                case 'P' -> throw forbidden("A persistent id must be a tuple whose first element is 'storage', got "
                        + "a text id");
                case 0x82, 0x83, 0x84 -> throw forbidden("pickle extension codes are not allowed");
                case 0x97, 0x98 -> throw forbidden("out-of-band pickle buffers are not allowed");
                default -> throw corrupt(String.format("invalid load key, '\\x%02x'", op));
            }
        }
    }

    private Object persistent(Object pid) {
        if (!(pid instanceof Tuple t) || t.items().isEmpty() || !"storage".equals(t.items().get(0))) {
            throw forbidden("A persistent id must be a tuple whose first element is 'storage'");
        }
        return persistentLoad.apply(t);
    }

    private ClassRef global(String module, String name) {
        if (!allowed.contains(module + "/" + name)) {
            throw forbidden("global '" + shorten(module) + "/" + shorten(name) + "' is forbidden");
        }
        return new ClassRef(module, name);
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("Memo value not found at index " + index);
        }
        return memo.get(index);
    }

    private Tuple tupleOf(int n) {
        if (stack.size() - currentMark < n) {
            throw corrupt("unpickling stack underflow");
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        Tuple t = new Tuple(top);
        top.clear();
        return t;
    }

    private static Map<Object, Object> dictOf(List<Object> items) {
        Map<Object, Object> m = new LinkedHashMap<>();
        putPairs(m, items);
        return m;
    }

    private static void putPairs(Map<Object, Object> m, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            m.put(key(items.get(i)), items.get(i + 1));
        }
    }

    /** Python refuses unhashable dict keys; so do we (it also bounds the cost of hashing hostile keys). */
    static Object key(Object k) {
        if (k instanceof List || k instanceof Map || k instanceof Set
                || k instanceof Tuple t && !t.hashable()) {
            throw corrupt("unhashable type: '" + typeName(k) + "' used as a dict key or set item");
        }
        if (k instanceof Tuple t && t.depth() > MAX_KEY_DEPTH) {
            throw corrupt("a dict key or set item is nested deeper than " + MAX_KEY_DEPTH + " tuples");
        }
        return k;
    }

    /** @return a short, bounded description of a value for messages (never the full text of a hostile tree) */
    static String describe(Object o) {
        if (o == null || o instanceof Number || o instanceof Boolean || o instanceof PickleValues.ClassRef) {
            return String.valueOf(o);
        }
        if (o instanceof String s) {
            return "'" + shorten(s) + "'";
        }
        if (o instanceof Tuple t) {
            return "a tuple of " + t.items().size() + " items";
        }
        return "a " + typeName(o);
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private void push(Object o) {
        count();
        stack.add(o);
    }

    private void memoPut(long index) {
        Object value = peek();
        if (memo.put(index, value) == null) {
            count();
        }
    }

    private void count() {
        if (++pushes > MAX_OBJECTS) {
            throw forbidden("the pickle builds more than " + MAX_OBJECTS + " objects");
        }
    }

    private void mark() {
        if (markCount == marks.length) {
            marks = java.util.Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = currentMark;
        currentMark = stack.size();
    }

    private Object pop() {
        if (stack.size() <= currentMark) {
            throw corrupt(markCount == 0 ? "unpickling stack underflow" : "unexpected MARK found");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stackTop(0);
    }

    private Object stackTop(int depthFromTop) {
        if (stack.size() - currentMark <= depthFromTop) {
            throw corrupt("unpickling stack underflow");
        }
        return stack.get(stack.size() - 1 - depthFromTop);
    }

    private List<Object> popMark() {
        if (markCount == 0) {
            throw corrupt("could not find MARK");
        }
        List<Object> top = stack.subList(currentMark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        currentMark = marks[--markCount];
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw corrupt("APPEND to a non-list " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw corrupt("SETITEM on a non-dict " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object o) {
        if (o instanceof Set<?> s) {
            return (Set<Object>) s;
        }
        throw corrupt("ADDITEMS on a non-set " + typeName(o));
    }

    private static Tuple tuple(Object o) {
        if (o instanceof Tuple t) {
            return t;
        }
        throw corrupt("call arguments must be a tuple, got " + typeName(o));
    }

    static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private int u8() {
        return need(1).get() & 0xff;
    }

    private ByteBuffer need(int n) {
        if (in.remaining() < n) {
            throw corrupt("pickle data was truncated");
        }
        ByteBuffer slice = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        slice.limit(n);
        in.position(in.position() + n);
        return slice;
    }

    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw corrupt("pickle data was truncated");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[length(n)];
        in.get(b);
        return b;
    }

    private String line() {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.ISO_8859_1);
            }
        }
        throw corrupt("pickle data was truncated");
    }

    static CorruptPickleException corrupt(String message) {
        return new CorruptPickleException(message);
    }

    static ForbiddenPickleException forbidden(String message) {
        return new ForbiddenPickleException(message);
    }
}
