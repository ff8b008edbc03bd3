package io.sockudo.kv.kernel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an option's value is normalised (what CONFIG GET shows after CONFIG SET) and written back
 * by CONFIG REWRITE, following Redis's per-type rules: yes/no and enums lower case, memory in
 * bytes (rewritten as {@code 1gb}/{@code 100mb}), strings quoted, {@code save} one line per pair.
 */
public enum OptionType {
    BOOL, INTEGER, MEMORY, ENUM, STRING, SAVE, WORDS, KEYSPACE_EVENTS,
    /** Redis's MEMORY_CONFIG | PERCENT_CONFIG ({@code maxmemory-clients}): bytes, or {@code N%} of maxmemory. */
    MEMORY_OR_PERCENT,
    /** {@code client-output-buffer-limit}: merged into the current value by the option's adjuster. */
    CLIENT_OUTPUT_BUFFER_LIMITS;

    /** The canonical form of an already validated value. */
    public String normalize(String v) {
        return switch (this) {
            case BOOL, ENUM -> v.toLowerCase(Locale.ROOT);
            case INTEGER -> Long.toString(Long.parseLong(v));
            case MEMORY -> Long.toString(MemoryUnits.parseStrict(v));
            case MEMORY_OR_PERCENT -> {
                Long bytes = MemoryUnits.parseStrict(v);
                if (bytes != null) {
                    yield Long.toString(bytes);
                }
                long pct = Long.parseLong(v.substring(0, v.length() - 1));
                yield pct == 0 ? "0" : pct + "%";
            }
            case SAVE -> String.join(" ", SaveParams.split(v));
            case WORDS -> String.join(" ", words(v));
            case KEYSPACE_EVENTS -> KeyspaceEvents.normalize(v);
            case CLIENT_OUTPUT_BUFFER_LIMITS -> v;
            case STRING -> v;
        };
    }

    /** The config-file lines CONFIG REWRITE writes for {@code name} with value {@code v}. */
    public List<String> rewriteLines(String name, String v) {
        return switch (this) {
            case BOOL, INTEGER, ENUM -> List.of(name + " " + v);
            case MEMORY -> List.of(name + " " + formatMemory(Long.parseLong(v)));
            case MEMORY_OR_PERCENT -> List.of(name + " " + (v.endsWith("%") ? v : formatMemory(Long.parseLong(v))));
            case WORDS -> v.isEmpty() ? List.of() : List.of(name + " " + v);
            case SAVE -> saveLines(name, v);
            case STRING, KEYSPACE_EVENTS -> List.of(name + " " + quote(v));
            case CLIENT_OUTPUT_BUFFER_LIMITS -> ClientOutputBufferLimits.parse(v).rewriteLines().stream()
                    .map(ClientOutputBufferLimits.Line::text).toList();
        };
    }

    /** Guesses the type of a module option from its default (yes/no options rewrite unquoted). */
    public static OptionType infer(String defaultValue) {
        if ("yes".equals(defaultValue) || "no".equals(defaultValue)) {
            return BOOL;
        }
        return STRING;
    }

    private static List<String> saveLines(String name, String v) {
        List<String> params = SaveParams.split(v);
        if (params.isEmpty()) {
            return List.of(name + " \"\"");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < params.size(); i += 2) {
            out.add(name + " " + params.get(i) + " " + params.get(i + 1));
        }
        return out;
    }

    static List<String> words(String v) {
        List<String> out = new ArrayList<>();
        for (String w : v.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Redis's {@code rewriteConfigFormatMemory}: the largest exact unit among gb, mb, kb. */
    static String formatMemory(long bytes) {
        long gb = 1024L * 1024 * 1024;
        long mb = 1024L * 1024;
        if (bytes != 0 && bytes % gb == 0) {
            return bytes / gb + "gb";
        }
        if (bytes != 0 && bytes % mb == 0) {
            return bytes / mb + "mb";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "kb";
        }
        return Long.toString(bytes);
    }

    /** Redis's {@code sdscatrepr}: double quotes, C escapes, \xHH for other non-printables. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
