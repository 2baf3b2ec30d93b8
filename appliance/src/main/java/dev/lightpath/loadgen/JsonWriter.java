package dev.lightpath.loadgen;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer (RFC 8259): objects, arrays, strings, numbers, booleans and null, indented two
 * spaces, with commas and nesting tracked so a caller cannot produce malformed output by forgetting one.
 * Non-finite numbers, which JSON cannot express, are written as null.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(1024);
    /** One entry per open container: whether it has had a member yet; true on top means "needs a comma". */
    private final Deque<Boolean> open = new ArrayDeque<>();
    private final Deque<Character> closers = new ArrayDeque<>();
    private boolean awaitingValue;

    public JsonWriter beginObject() {
        beforeValue();
        return open('{', '}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        return open('[', ']');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (closers.isEmpty() || closers.peek() != '}' || awaitingValue) {
            throw new IllegalStateException("a name belongs inside an object, before a value");
        }
        separate();
        quote(name);
        out.append(": ");
        awaitingValue = true;
        return this;
    }

    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quote(value);
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A number in plain notation (no exponent), rounded to {@code decimals} places; null when not finite. */
    public JsonWriter value(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nullValue();
        }
        beforeValue();
        BigDecimal rounded = new BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        out.append(rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString());
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The document; every object and array must be closed. */
    @Override
    public String toString() {
        if (!closers.isEmpty()) {
            throw new IllegalStateException(closers.size() + " containers left open");
        }
        return out.toString() + "\n";
    }

    private JsonWriter open(char opener, char closer) {
        out.append(opener);
        open.push(false);
        closers.push(closer);
        return this;
    }

    private JsonWriter close(char closer) {
        if (closers.isEmpty() || closers.peek() != closer || awaitingValue) {
            throw new IllegalStateException("nothing to close with '" + closer + "' here");
        }
        closers.pop();
        boolean hadMembers = open.pop();
        if (hadMembers) {
            newline(closers.size());
        }
        out.append(closer);
        return this;
    }

    private void beforeValue() {
        if (awaitingValue) {
            awaitingValue = false;
            return;
        }
        if (closers.isEmpty()) {
            if (!out.isEmpty()) {
                throw new IllegalStateException("a document has one top-level value");
            }
            return;
        }
        if (closers.peek() == '}') {
            throw new IllegalStateException("a value inside an object needs a name first");
        }
        separate();
    }

    private void separate() {
        if (open.pop()) {
            out.append(',');
        }
        open.push(true);
        newline(closers.size());
    }

    private void newline(int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; so are the line separators JavaScript once choked on.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
