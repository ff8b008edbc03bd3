package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.util.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Script flags ({@code no-writes}, {@code allow-oom}, {@code allow-stale}, {@code no-cluster},
 * {@code allow-cross-slot-keys}) from an EVAL script's shebang ({@code #!lua flags=...}) or a
 * function's registration; a script without a shebang runs in EVAL's compatibility mode.
 */
final class ScriptFlags {
    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 2;
    static final int ALLOW_STALE = 4;
    static final int NO_CLUSTER = 8;
    static final int ALLOW_CROSS_SLOT = 16;
    /** No shebang: the rules of EVAL before Redis 7 (may write, keys unchecked...). */
    static final int EVAL_COMPAT = 32;

    static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};

    private ScriptFlags() {
    }

    /** The bit of a flag name, or 0. */
    static int bit(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** The result of reading a shebang: the flags, and where the Lua source starts. */
    record Shebang(int flags, int bodyOffset) {
    }

    /**
     * Reads an EVAL script's shebang as Redis's {@code evalExtractShebangFlags} does.
     *
     * @throws ScriptException with Redis's message for a malformed shebang
     */
    static Shebang parse(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return new Shebang(EVAL_COMPAT, 0);
        }
        int end = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ScriptException("ERR Invalid script shebang");
        }
        byte[] first = java.util.Arrays.copyOf(body, end);
        List<byte[]> raw = SplitArgs.split(first);
        List<String> parts = raw == null ? null
                : raw.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
        if (parts == null || parts.isEmpty()) {
            throw new ScriptException("ERR Invalid engine in script shebang");
        }
        if (!parts.get(0).equals("#!lua")) {
            throw new ScriptException("ERR Unexpected engine in script shebang: " + parts.get(0));
        }
        int flags = 0;
        for (int j = 1; j < parts.size(); j++) {
            String p = parts.get(j);
            if (!p.startsWith("flags=")) {
                throw new ScriptException("ERR Unknown lua shebang option: " + p);
            }
            String list = p.substring(6);
            if (list.isEmpty()) {
                continue;
            }
            for (String f : list.split(",", -1)) {
                int b = bit(f);
                if (b == 0) {
                    throw new ScriptException("ERR Unexpected flag in script shebang: " + f);
                }
                flags |= b;
            }
        }
        return new Shebang(flags, end);
    }
}
