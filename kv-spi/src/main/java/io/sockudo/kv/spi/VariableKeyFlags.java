package io.sockudo.kv.spi;

import java.util.List;

/**
 * The key-spec flags of one key for the arguments of one call, for a command whose key spec is
 * marked {@code VARIABLE_FLAGS} (Redis's {@code getkeys_proc} for SET and BITFIELD): {@code SET k v}
 * only overwrites its key ({@code OW UPDATE}) while {@code SET k v GET} also reads it
 * ({@code RW ACCESS UPDATE}); a BITFIELD with only GET operations is read-only. ACL key
 * permissions ({@code %R~}, {@code %W~}) and {@code COMMAND GETKEYSANDFLAGS} use what it returns.
 */
@FunctionalInterface
public interface VariableKeyFlags {
    /**
     * @param argv the full command line (argv[0] is the command name)
     * @param index the argument index of the key
     * @return the key's flags as Redis prints them (e.g. {@code "OW", "UPDATE"}); never null.
     *         Return constant lists: this runs for every ACL check of a restricted user.
     */
    List<String> flags(byte[][] argv, int argc, int index);
}
