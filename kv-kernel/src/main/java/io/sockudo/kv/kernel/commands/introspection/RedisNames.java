package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How Redis spells and orders what COMMAND prints: command flags (some hidden), ACL categories
 * and key-spec flags, whatever order a spec declared them in.
 */
public final class RedisNames {
    /** ACL categories in Redis's bit order (the order COMMAND INFO prints them). */
    public static final List<String> ACL_CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset",
            "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
            "blocking", "dangerous", "connection", "transaction", "scripting");

    /** Key-spec flags in Redis's print order. */
    private static final List<String> KEY_SPEC_FLAGS = List.of("RO", "RW", "OW", "RM", "access", "update",
            "insert", "delete", "not_key", "incomplete", "variable_flags");

    /** Flags Redis keeps internal and never prints. */
    private static final Set<CommandFlag> HIDDEN = EnumSet.of(CommandFlag.MAY_REPLICATE, CommandFlag.SENTINEL,
            CommandFlag.ONLY_SENTINEL, CommandFlag.PROTECTED);

    private RedisNames() {
    }

    /** The flags COMMAND INFO prints, in Redis's order (the enum's order), movablekeys included. */
    public static List<String> commandFlags(CommandSpec spec) {
        EnumSet<CommandFlag> flags = spec.flags().isEmpty() ? EnumSet.noneOf(CommandFlag.class)
                : EnumSet.copyOf(spec.flags());
        if (hasMovableKeys(spec)) {
            flags.add(CommandFlag.MOVABLEKEYS);
        }
        List<String> out = new ArrayList<>(flags.size());
        for (CommandFlag f : flags) {
            if (!HIDDEN.contains(f)) {
                out.add(f.redisName());
            }
        }
        return out;
    }

    /** Redis marks a command movablekeys when it has a key finder or a key spec that is not a plain index range. */
    static boolean hasMovableKeys(CommandSpec spec) {
        if (spec.keyFinder() != null || spec.hasFlag(CommandFlag.MOVABLEKEYS)) {
            return true;
        }
        for (KeySpec k : spec.keySpecs()) {
            if (k.beginKeyword() != null || k.beginIndex() <= 0 || k.isKeyNum() || k.keyStep() <= 0) {
                return true;
            }
        }
        return false;
    }

    /** ACL categories with their {@code @}, in Redis's order; unknown ones keep their order at the end. */
    public static List<String> aclCategories(List<String> categories) {
        List<String> out = new ArrayList<>(categories.size());
        for (String known : ACL_CATEGORIES) {
            for (String c : categories) {
                if (c.substring(1).equalsIgnoreCase(known)) {
                    out.add("@" + known);
                    break;
                }
            }
        }
        for (String c : categories) {
            if (!ACL_CATEGORIES.contains(c.substring(1).toLowerCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        return out;
    }

    /** True when the command belongs to ACL category {@code category} (with or without {@code @}). */
    public static boolean inCategory(CommandSpec spec, String category) {
        String want = category.startsWith("@") ? category.substring(1) : category;
        for (String c : spec.aclCategories()) {
            if (c.substring(1).equalsIgnoreCase(want)) {
                return true;
            }
        }
        return false;
    }

    /** Key-spec flags as Redis prints them: {@code RO RW OW RM} upper case, the rest lower case, in its order. */
    public static List<String> keySpecFlags(List<String> flags) {
        List<String> out = new ArrayList<>(flags.size());
        for (String known : KEY_SPEC_FLAGS) {
            for (String f : flags) {
                if (f.equalsIgnoreCase(known)) {
                    out.add(known);
                    break;
                }
            }
        }
        for (String f : flags) {
            if (!containsIgnoreCase(KEY_SPEC_FLAGS, f)) {
                out.add(f.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static boolean containsIgnoreCase(List<String> list, String s) {
        for (String e : list) {
            if (e.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }
}
