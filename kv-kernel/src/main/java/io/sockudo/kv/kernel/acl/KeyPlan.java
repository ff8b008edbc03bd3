package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.VariableKeyFlags;

/**
 * What a key check needs from a command's key specs, worked out once per command: whether its
 * keys are one plain range from a fixed index (GET, SET, MGET, DEL...: checked without looking at
 * the specs again or allocating), that range, and the permission its flags need.
 */
final class KeyPlan {
    /** Plans by command id; a slot is checked against the command it was made for (modules reload). */
    private static volatile KeyPlan[] plans = new KeyPlan[512];

    final RegisteredCommand cmd;
    /** The command has key arguments at all. */
    final boolean hasKeys;
    /** One range spec from a fixed index, no key finder: {@link #first} .. with {@link #step}. */
    final boolean simple;
    final int first;
    final int lastKey;
    final int step;
    final int limit;
    /** {@link Selector#READ}/{@link Selector#WRITE} the spec's flags need (when not variable). */
    final int permission;
    /** Resolves the flags per call (SET ... GET), or null. */
    final VariableKeyFlags variable;

    private KeyPlan(RegisteredCommand cmd) {
        this.cmd = cmd;
        CommandSpec spec = cmd.spec();
        java.util.List<KeySpec> specs = spec.keySpecs();
        this.hasKeys = !specs.isEmpty() || spec.keyFinder() != null;
        KeySpec k = specs.size() == 1 ? specs.get(0) : null;
        this.simple = spec.keyFinder() == null && k != null && simpleRange(k);
        this.first = simple ? k.beginIndex() : 0;
        this.lastKey = simple ? k.lastKey() : 0;
        this.step = simple ? k.keyStep() : 1;
        this.limit = simple ? k.limit() : 0;
        this.permission = simple ? Selector.permission(k.flags()) : 0;
        this.variable = spec.variableKeyFlags();
    }

    static KeyPlan of(RegisteredCommand cmd) {
        int id = cmd.aclId();
        KeyPlan[] a = plans;
        KeyPlan p = id < a.length ? a[id] : null;
        if (p != null && p.cmd == cmd) {
            return p;
        }
        p = new KeyPlan(cmd);
        store(id, p);
        return p;
    }

    private static synchronized void store(int id, KeyPlan p) {
        KeyPlan[] a = plans;
        if (id >= a.length) {
            a = java.util.Arrays.copyOf(a, Math.max(id + 1, a.length * 2));
        }
        a[id] = p; // plans are immutable: a racing reader sees a whole one or none
        plans = a;
    }

    private static boolean simpleRange(KeySpec k) {
        if (k.beginKeyword() != null || k.isKeyNum() || k.keyStep() <= 0 || k.beginIndex() <= 0) {
            return false;
        }
        for (String f : k.flags()) {
            if (f.equalsIgnoreCase("not_key")) {
                return false;
            }
        }
        return true;
    }
}
