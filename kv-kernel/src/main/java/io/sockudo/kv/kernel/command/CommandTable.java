package io.sockudo.kv.kernel.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Command lookup by name bytes, case-insensitive, without converting the name to a String:
 * an open-addressing table keyed by an ASCII-case-folded hash. Writes (module load/unload) copy
 * the table so readers on event-loop threads never lock.
 */
public final class CommandTable {
    private volatile Slot[] slots = new Slot[64];
    private volatile int size;
    /**
     * Every registered command by its own name, renamed or disabled ones included (Redis's
     * {@code orig_commands}): ACL rules name commands by it.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, RegisteredCommand> originals =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code packed}: the name as {@link #pack} gives it, {@link #NOT_PACKED} for a longer or non-ASCII one. */
    private record Slot(byte[] lowerName, long packed, RegisteredCommand command) {
        Slot(byte[] lowerName, RegisteredCommand command) {
            this(lowerName, pack(lowerName), command);
        }
    }

    private static final long NOT_PACKED = -1L; // every byte's high bit set: never an ASCII name
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * A name of 1 to 8 ASCII bytes, lower-cased, as one long (byte i in bits 8i..8i+7, zeros
     * after it), or {@link #NOT_PACKED}. Nearly every command name fits: its lookup is then one
     * multiply for the hash and one compare per probe, instead of two loops over the bytes.
     */
    private static long pack(byte[] name) {
        int n = name.length;
        if (n == 0 || n > 8) {
            return NOT_PACKED;
        }
        long w = 0;
        for (int i = 0; i < n; i++) {
            w |= (name[i] & 0xffL) << (i << 3);
        }
        if ((w & HIGHS) != 0) {
            return NOT_PACKED;
        }
        // ASCII upper case to lower, eight bytes at once: a byte b (< 0x80, so no carry leaves
        // it) is 'A'..'Z' when b + 0x3f reaches 0x80 and b + 0x25 does not; that flag moved down
        // to bit 5 is the 0x20 that lower-cases it.
        long upper = (w + 0x3f3f3f3f3f3f3f3fL) & ~(w + 0x2525252525252525L) & HIGHS;
        return w | (upper >>> 2);
    }

    private static int packedHash(long packed) {
        long x = packed * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    /** The table position hash of a lower-cased registered name (packed names hash as {@link #lookup} does). */
    private static int slotHash(byte[] lowerName) {
        long p = pack(lowerName);
        return p != NOT_PACKED ? packedHash(p) : hash(lowerName);
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean equalsFolded(byte[] lower, byte[] name) {
        if (lower.length != name.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    /** The command named {@code name} (any case), or null. */
    public RegisteredCommand lookup(byte[] name) {
        Slot[] s = slots;
        int mask = s.length - 1;
        long packed = pack(name);
        if (packed != NOT_PACKED) {
            int n = name.length;
            for (int i = packedHash(packed) & mask; ; i = (i + 1) & mask) {
                Slot slot = s[i];
                if (slot == null) {
                    return null;
                }
                // the length tells "get" from "get\0" (same packed bits)
                if (slot.packed == packed && slot.lowerName.length == n) {
                    return slot.command;
                }
            }
        }
        for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
            Slot slot = s[i];
            if (slot == null) {
                return null;
            }
            if (equalsFolded(slot.lowerName, name)) {
                return slot.command;
            }
        }
    }

    public RegisteredCommand lookup(String name) {
        return lookup(name.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    synchronized void add(RegisteredCommand cmd) {
        byte[] name = cmd.spec().name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (lookup(name) != null) {
            throw new IllegalArgumentException("command '" + cmd.spec().name() + "' is already registered");
        }
        List<Slot> all = entries();
        all.add(new Slot(name, cmd));
        rebuild(all);
        originals.put(cmd.spec().name(), cmd);
    }

    synchronized void remove(String name) {
        List<Slot> all = entries();
        all.removeIf(s -> s.command.spec().name().equals(name));
        rebuild(all);
        originals.remove(name);
    }

    /**
     * {@code rename-command}: the command answers to {@code to} instead, or to nothing when
     * {@code to} is empty; it keeps its own name in COMMAND, INFO commandstats and ACL rules.
     *
     * @return null, or Redis's error text
     */
    synchronized String rename(String from, String to) {
        RegisteredCommand cmd = from.indexOf('|') >= 0 ? null : lookup(from);
        if (cmd == null) {
            return "No such command in rename-command";
        }
        List<Slot> all = entries();
        all.removeIf(s -> s.command == cmd);
        if (!to.isEmpty()) {
            byte[] name = to.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (Slot s : all) {
                if (Arrays.equals(s.lowerName, name)) {
                    return "Target command name already exists";
                }
            }
            all.add(new Slot(name, cmd));
        }
        rebuild(all);
        return null;
    }

    /** A command by its own name, renamed or disabled by rename-command or not (ACL rules). */
    public RegisteredCommand original(String name) {
        return originals.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every command by its own name, renamed and disabled ones included. */
    public Collection<RegisteredCommand> originals() {
        return new ArrayList<>(originals.values());
    }

    private List<Slot> entries() {
        List<Slot> all = new ArrayList<>();
        for (Slot s : slots) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    private void rebuild(List<Slot> all) {
        int cap = 64;
        while (cap < all.size() * 3) {
            cap <<= 1;
        }
        Slot[] s = new Slot[cap];
        for (Slot slot : all) {
            for (int i = slotHash(slot.lowerName) & (cap - 1); ; i = (i + 1) & (cap - 1)) {
                if (s[i] == null) {
                    s[i] = slot;
                    break;
                }
            }
        }
        slots = s;
        size = all.size();
    }

    public int size() {
        return size;
    }

    /** Every command, in no particular order. */
    public Collection<RegisteredCommand> all() {
        List<RegisteredCommand> out = new ArrayList<>(size);
        for (Slot s : slots) {
            if (s != null) {
                out.add(s.command);
            }
        }
        return out;
    }
}
