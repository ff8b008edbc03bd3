package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ACL command categories: Redis 7.0's 21, in its order (what ACL CAT lists), then any other a
 * family's specs name ({@code @json}...), up to 64 in all. A command's categories are the ones its
 * spec lists plus those its flags imply, as Redis's {@code setImplicitACLCategories} derives them,
 * so a plugin command is in {@code @write}/{@code @read}/{@code @fast}/{@code @slow} without
 * writing them.
 */
final class AclCategories {
    private static final String[] STANDARD = {"keyspace", "read", "write", "set", "sortedset", "list", "hash",
        "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
        "dangerous", "connection", "transaction", "scripting"};
    static final long READ = bit("read");
    static final long WRITE = bit("write");
    static final long ADMIN = bit("admin");
    static final long DANGEROUS = bit("dangerous");
    static final long PUBSUB = bit("pubsub");
    static final long FAST = bit("fast");
    static final long SLOW = bit("slow");
    static final long BLOCKING = bit("blocking");
    static final long SCRIPTING = bit("scripting");

    /** Copy-on-write: STANDARD then the families' own, in the order first seen. */
    private volatile List<String> names = List.of(STANDARD);

    private static long bit(String standard) {
        for (int i = 0; i < STANDARD.length; i++) {
            if (STANDARD[i].equals(standard)) {
                return 1L << i;
            }
        }
        throw new IllegalArgumentException(standard);
    }

    /** Every category name, Redis's first. */
    List<String> names() {
        return names;
    }

    /** The bit of a category (any case, without {@code @}), or 0 when there is none by that name. */
    long bitOf(String name) {
        List<String> n = names;
        for (int i = 0; i < n.size(); i++) {
            if (n.get(i).equalsIgnoreCase(name)) {
                return 1L << i;
            }
        }
        return 0;
    }

    /** The categories of a command: its spec's plus the ones its flags imply. */
    long of(CommandSpec spec) {
        long mask = 0;
        for (String c : spec.aclCategories()) {
            mask |= bitOrAdd(c.substring(1).toLowerCase(Locale.ROOT));
        }
        if (spec.hasFlag(CommandFlag.WRITE)) {
            mask |= WRITE;
        }
        // Scripting commands that only read (EVAL_RO...) are not put in @read.
        if (spec.hasFlag(CommandFlag.READONLY) && (mask & SCRIPTING) == 0) {
            mask |= READ;
        }
        if (spec.hasFlag(CommandFlag.ADMIN)) {
            mask |= ADMIN | DANGEROUS;
        }
        if (spec.hasFlag(CommandFlag.PUBSUB)) {
            mask |= PUBSUB;
        }
        if (spec.hasFlag(CommandFlag.FAST)) {
            mask |= FAST;
        }
        if (spec.hasFlag(CommandFlag.BLOCKING)) {
            mask |= BLOCKING;
        }
        if ((mask & FAST) == 0) {
            mask |= SLOW;
        }
        return mask;
    }

    private long bitOrAdd(String name) {
        long b = bitOf(name);
        if (b != 0) {
            return b;
        }
        synchronized (this) {
            b = bitOf(name);
            if (b != 0 || names.size() >= 64) {
                return b;
            }
            List<String> grown = new ArrayList<>(names);
            grown.add(name);
            names = List.copyOf(grown);
            return 1L << (grown.size() - 1);
        }
    }
}
