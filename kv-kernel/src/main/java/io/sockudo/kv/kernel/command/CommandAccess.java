package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.client.Client;

/**
 * The ACL as the layers beneath it see it: EXEC checks its queued commands again and scripts
 * check the commands they call, with the calling client's user (the {@code acl} subsystem
 * implements it).
 */
public interface CommandAccess {
    /** The result of {@link #check}: allowed. */
    long OK = 0;
    /** Denial reasons, in Redis's order of relevance (the high half of a {@link #check} result). */
    int DENIED_CMD = 1;
    int DENIED_KEY = 2;
    int DENIED_AUTH = 3;
    int DENIED_CHANNEL = 4;

    /** Where a denial happened, as ACL LOG's {@code context} field names it. */
    enum Context { TOPLEVEL, MULTI, LUA, MODULE }

    /**
     * Whether {@code client}'s user may run {@code cmd} with {@code argv}.
     *
     * @return {@link #OK}, or the reason in the high 32 bits and the argument index of the denied
     *         key or channel (0 for a command) in the low 32 bits
     */
    long check(Client client, RegisteredCommand cmd, byte[][] argv);

    /** Records a denial {@link #check} returned in ACL LOG. */
    void log(Client client, long denial, Context context, RegisteredCommand cmd, byte[][] argv);

    static int reason(long denial) {
        return (int) (denial >>> 32);
    }

    static int position(long denial) {
        return (int) denial;
    }
}
