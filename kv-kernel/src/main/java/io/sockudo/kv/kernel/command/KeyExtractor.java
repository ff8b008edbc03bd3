package io.sockudo.kv.kernel.command;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the keys of a full command line from its key specs, as Redis's
 * {@code getKeysFromCommandWithSpecs} does for COMMAND GETKEYS: key specs first, the command's
 * {@link io.sockudo.kv.spi.KeyFinder} when the specs cannot tell (invalid input, variable flags).
 * COMMAND GETKEYS/GETKEYSANDFLAGS and ACL key permissions read keys through it.
 */
public final class KeyExtractor {
    /** One key found: its argument index and the key spec it came from (-1 when unknown). */
    public record Key(int index, int spec) {
    }

    private KeyExtractor() {
    }

    /** True when the command has key arguments at all (Redis's {@code doesCommandHaveKeys}). */
    public static boolean hasKeys(CommandSpec spec) {
        if (spec.keyFinder() != null) {
            return true;
        }
        for (KeySpec k : spec.keySpecs()) {
            if (!isNotKey(k)) {
                return true;
            }
        }
        return false;
    }

    /** The keys of {@code argv} (argv[0] is the command name); empty when none can be found. */
    public static List<Key> keys(CommandSpec spec, byte[][] argv) {
        boolean variableFlags = false;
        boolean anyKeySpec = false;
        for (KeySpec k : spec.keySpecs()) {
            variableFlags |= containsIgnoreCase(k.flags(), "variable_flags");
            anyKeySpec |= !isNotKey(k);
        }
        if (anyKeySpec && !(variableFlags && spec.keyFinder() != null)) {
            List<Key> fromSpecs = fromSpecs(spec, argv);
            if (fromSpecs != null) {
                return fromSpecs;
            }
        }
        if (spec.keyFinder() == null) {
            return List.of();
        }
        int[] idx = spec.keyFinder().keyIndexes(argv, argv.length);
        List<Key> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            if (i > 0 && i < argv.length) {
                out.add(new Key(i, specCovering(spec, argv, i)));
            }
        }
        return out;
    }

    /**
     * The flags of a key found in {@code argv}: resolved for these arguments when the command has
     * {@link io.sockudo.kv.spi.VariableKeyFlags} (SET ... GET), else its key spec's (empty when unknown).
     */
    public static List<String> flags(CommandSpec spec, byte[][] argv, Key key) {
        if (spec.variableKeyFlags() != null) {
            return spec.variableKeyFlags().flags(argv, argv.length, key.index());
        }
        return key.spec() < 0 ? List.of() : spec.keySpecs().get(key.spec()).flags();
    }

    private static boolean isNotKey(KeySpec k) {
        return containsIgnoreCase(k.flags(), "not_key");
    }

    static boolean containsIgnoreCase(List<String> list, String s) {
        for (String e : list) {
            if (e.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    /** Which key spec would produce index {@code i}, for the flags of keys found by a key finder. */
    private static int specCovering(CommandSpec spec, byte[][] argv, int i) {
        List<KeySpec> specs = spec.keySpecs();
        for (int j = 0; j < specs.size(); j++) {
            List<Key> keys = new ArrayList<>();
            if (collect(specs.get(j), j, argv, keys)) {
                for (Key k : keys) {
                    if (k.index == i) {
                        return j;
                    }
                }
            }
        }
        return specs.size() == 1 ? 0 : -1;
    }

    /** The keys the specs describe, or null when a spec does not fit the arguments. */
    private static List<Key> fromSpecs(CommandSpec spec, byte[][] argv) {
        List<Key> out = new ArrayList<>();
        List<KeySpec> specs = spec.keySpecs();
        for (int j = 0; j < specs.size(); j++) {
            KeySpec k = specs.get(j);
            if (isNotKey(k)) {
                continue;
            }
            if (!collect(k, j, argv, out)) {
                return null;
            }
        }
        return out;
    }

    /** Adds the keys of one spec; false when the spec is invalid for these arguments. */
    private static boolean collect(KeySpec k, int specIndex, byte[][] argv, List<Key> out) {
        int argc = argv.length;
        int first;
        if (k.beginKeyword() != null) {
            first = findKeyword(k, argv);
            if (first == 0) {
                return true; // keyword absent: this spec has no keys here
            }
        } else if (k.beginIndex() > 0) {
            first = k.beginIndex();
        } else {
            return false;
        }
        int last;
        int step;
        if (k.isKeyNum()) {
            int numIdx = first + k.keyNumIndex();
            if (numIdx >= argc || !Args.isLong(argv[numIdx])) {
                return false;
            }
            long numKeys = Args.toLong(argv[numIdx]);
            if (numKeys < 0 || numKeys > argc) {
                return false;
            }
            step = Math.max(1, k.keyStep());
            first += k.firstKey();
            last = first + (int) numKeys - 1;
        } else if (k.keyStep() > 0) {
            step = k.keyStep();
            if (k.lastKey() >= 0) {
                last = first + k.lastKey();
            } else if (k.limit() == 0) {
                last = argc + k.lastKey();
            } else {
                last = first + ((argc - first) / k.limit() + k.lastKey());
            }
        } else {
            return false;
        }
        if (last >= argc || last < first || first >= argc) {
            return false;
        }
        for (int i = first; i <= last; i += step) {
            out.add(new Key(i, specIndex));
        }
        return true;
    }

    /** Index right after the keyword, searching as Redis does (negative start: from the end), or 0. */
    private static int findKeyword(KeySpec k, byte[][] argv) {
        int argc = argv.length;
        int start = k.keywordStartFrom() > 0 ? k.keywordStartFrom() : argc + k.keywordStartFrom();
        int end = k.keywordStartFrom() > 0 ? argc - 1 : 1;
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
            if (i >= argc || i < 1) {
                break;
            }
            if (Args.is(argv[i], k.beginKeyword())) {
                return i + 1;
            }
        }
        return 0;
    }
}
