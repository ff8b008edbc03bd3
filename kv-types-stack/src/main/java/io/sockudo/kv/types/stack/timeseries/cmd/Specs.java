package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;

/**
 * How the family builds its command specs: every command is a Redis module command (the
 * {@code module} flag, group {@code module}) with the flags and ACL categories RedisTimeSeries
 * registers (plus {@code @timeseries}).
 */
final class Specs {
    static final String CATEGORY = "timeseries";

    private Specs() {
    }

    /** A write that may grow memory ({@code write deny-oom}). */
    static CommandSpec.Builder write(String name, int arity, boolean fast, CommandHandler h) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl("write", fast ? "fast" : "slow", CATEGORY).group("module").since("1.0.0").handler(h);
    }

    /** A write that does not grow memory ({@code write}). */
    static CommandSpec.Builder writeNoOom(String name, int arity, boolean fast, CommandHandler h) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity)
                .acl("write", fast ? "fast" : "slow", CATEGORY).group("module").since("1.0.0").handler(h);
        return fast ? b.flags(CommandFlag.WRITE, CommandFlag.FAST, CommandFlag.MODULE)
                : b.flags(CommandFlag.WRITE, CommandFlag.MODULE);
    }

    /** A read ({@code readonly}). */
    static CommandSpec.Builder read(String name, int arity, boolean fast, CommandHandler h) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity)
                .acl("read", fast ? "fast" : "slow", CATEGORY).group("module").since("1.0.0").handler(h);
        return fast ? b.flags(CommandFlag.READONLY, CommandFlag.FAST, CommandFlag.MODULE)
                : b.flags(CommandFlag.READONLY, CommandFlag.MODULE);
    }

    static ArgSpec key() {
        return ArgSpec.key("key", 0);
    }
}
