package io.sockudo.kv.kernel.command;

import java.util.HashMap;
import java.util.Map;

/**
 * A small stable number per full command name ({@code get}, {@code config|get}), as Redis's
 * {@code ACLGetCommandID}: ACL selectors keep one bit per command id, and a module command that
 * is unloaded and loaded again gets its old id (and so its old permissions) back.
 */
public final class CommandIds {
    private static final Map<String, Integer> IDS = new HashMap<>();

    private CommandIds() {
    }

    /** The id of {@code fullName}, assigned on first use. */
    public static synchronized int of(String fullName) {
        return IDS.computeIfAbsent(fullName, n -> IDS.size());
    }

    /** One more than the largest id handed out so far. */
    public static synchronized int count() {
        return IDS.size();
    }
}
