package io.sockudo.kv.kernel.scripting;

import java.util.ArrayList;
import java.util.List;

/**
 * EVAL scripts by SHA-1, looked up from the client's argument bytes (either case) without a
 * String or a key object: an open-addressing table keyed by the SHA's first 8 hex digits,
 * copied on write (SCRIPT LOAD, EVAL of a new body, SCRIPT FLUSH are rare; EVALSHA reads it
 * from any event loop without locking).
 */
final class ScriptCache {
    private volatile EvalScript[] slots = new EvalScript[64];
    private volatile int size;

    EvalScript get(byte[] sha) {
        if (sha.length != 40) {
            return null;
        }
        EvalScript[] s = slots;
        int mask = s.length - 1;
        for (int i = hash(sha) & mask; ; i = (i + 1) & mask) {
            EvalScript e = s[i];
            if (e == null) {
                return null;
            }
            if (sameSha(e.sha(), sha)) {
                return e;
            }
        }
    }

    synchronized EvalScript putIfAbsent(EvalScript script) {
        EvalScript existing = get(script.sha());
        if (existing != null) {
            return existing;
        }
        List<EvalScript> all = all();
        all.add(script);
        rebuild(all);
        return script;
    }

    synchronized void clear() {
        slots = new EvalScript[64];
        size = 0;
    }

    int size() {
        return size;
    }

    /** Bytes of the scripts' bodies (INFO used_memory_scripts_eval). */
    long bodyBytes() {
        long n = 0;
        for (EvalScript e : slots) {
            if (e != null) {
                n += e.body().length;
            }
        }
        return n;
    }

    private List<EvalScript> all() {
        List<EvalScript> out = new ArrayList<>();
        for (EvalScript e : slots) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private void rebuild(List<EvalScript> all) {
        int cap = 64;
        while (cap < all.size() * 2) {
            cap <<= 1;
        }
        EvalScript[] s = new EvalScript[cap];
        for (EvalScript e : all) {
            for (int i = hash(e.sha()) & (cap - 1); ; i = (i + 1) & (cap - 1)) {
                if (s[i] == null) {
                    s[i] = e;
                    break;
                }
            }
        }
        slots = s;
        size = all.size();
    }

    private static int hash(byte[] sha) {
        int h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 4) | hex(sha[i]);
        }
        return h ^ (h >>> 16);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return b & 15;
    }

    private static boolean sameSha(byte[] lower, byte[] any) {
        for (int i = 0; i < 40; i++) {
            byte b = any[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (lower[i] != b) {
                return false;
            }
        }
        return true;
    }
}
