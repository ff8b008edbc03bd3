package io.sockudo.kv.kernel.persistence.aof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7's multi-part AOF manifest ({@code <appendfilename>.manifest} in {@code appenddirname}):
 * one line per file, {@code file <name> seq <n> type <b|h|i>} — the base (an RDB or an AOF), the
 * incremental files in order, and history files waiting to be deleted. Immutable; a change writes
 * a new manifest next to the old and renames it over.
 */
public record AofManifest(AofFile base, List<AofFile> incrs, List<AofFile> history) {
    /** One file of the manifest. */
    public record AofFile(String name, long seq, char type) {
        String line() {
            return "file " + name + " seq " + seq + " type " + type + "\n";
        }
    }

    /** The manifest's text as Redis writes it. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            sb.append(base.line());
        }
        for (AofFile h : history) {
            sb.append(h.line());
        }
        for (AofFile i : incrs) {
            sb.append(i.line());
        }
        return sb.toString();
    }

    /** Parses a manifest; throws with Redis's reasons on a malformed one. */
    public static AofManifest parse(String text) throws IOException {
        AofFile base = null;
        List<AofFile> incrs = new ArrayList<>();
        List<AofFile> history = new ArrayList<>();
        long lastIncr = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            String name = null;
            long seq = -1;
            char type = 0;
            for (int i = 0; i + 1 < w.length; i += 2) {
                switch (w[i]) {
                    case "file" -> name = w[i + 1];
                    case "seq" -> seq = parseSeq(w[i + 1]);
                    case "type" -> type = w[i + 1].length() == 1 ? w[i + 1].charAt(0) : 0;
                    default -> {
                        // unknown keys are skipped, as Redis does for forward compatibility
                    }
                }
            }
            if (name == null || seq < 0 || (type != 'b' && type != 'h' && type != 'i')) {
                throw new IOException("Invalid AOF manifest file format");
            }
            AofFile f = new AofFile(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (base != null) {
                        throw new IOException("Found duplicate base file information");
                    }
                    base = f;
                }
                case 'h' -> history.add(f);
                default -> {
                    if (seq <= lastIncr) {
                        throw new IOException("Found a non-monotonic sequence number");
                    }
                    lastIncr = seq;
                    incrs.add(f);
                }
            }
        }
        return new AofManifest(base, List.copyOf(incrs), List.copyOf(history));
    }

    private static long parseSeq(String s) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException("Invalid AOF manifest file format");
        }
    }

    /** Reads {@code file}, or null when it does not exist. */
    public static AofManifest read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The highest incremental sequence number (0 without incremental files). */
    public long lastIncrSeq() {
        return incrs.isEmpty() ? 0 : incrs.get(incrs.size() - 1).seq();
    }
}
