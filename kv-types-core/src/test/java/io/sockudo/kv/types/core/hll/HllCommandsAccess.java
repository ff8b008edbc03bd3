package io.sockudo.kv.types.core.hll;

import io.sockudo.kv.spi.CommandHandler;

/** The package-private HLL handlers, for tests in other packages. */
public final class HllCommandsAccess {
    public static final CommandHandler PFADD = HllCommands::pfadd;
    public static final CommandHandler PFCOUNT = HllCommands::pfcount;
    public static final CommandHandler PFMERGE = HllCommands::pfmerge;

    private HllCommandsAccess() {
    }
}
