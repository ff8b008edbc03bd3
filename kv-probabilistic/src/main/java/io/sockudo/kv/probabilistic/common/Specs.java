package io.sockudo.kv.probabilistic.common;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;

/**
 * The one way this family builds its command specs. Every command is a Redis module command: the
 * {@code module} flag, group {@code module}, the ACL categories Redis derives from the flags
 * ({@code write}/{@code read}, {@code fast}/{@code slow}) plus the structure's own category
 * ({@code bloom}, {@code cuckoo}, {@code cms}, {@code topk}, {@code tdigest}) as Redis Stack lists them.
 * Single-key commands name their key at position 1.
 */
public final class Specs {
    private Specs() {
    }

    /** A command that may create or change its key ({@code write denyoom}). */
    public static CommandSpec.Builder write(String name, int arity, String category, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl("write", "slow", category).group("module").handler(handler);
    }

    /** A write that never grows memory ({@code write fast}, e.g. CF.DEL). */
    public static CommandSpec.Builder writeFast(String name, int arity, String category, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.WRITE, CommandFlag.FAST, CommandFlag.MODULE)
                .acl("write", "fast", category).group("module").handler(handler);
    }

    /** A read-only command ({@code readonly fast}). */
    public static CommandSpec.Builder read(String name, int arity, String category, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.READONLY, CommandFlag.FAST, CommandFlag.MODULE)
                .acl("read", "fast", category).group("module").handler(handler);
    }

    /** The common key argument for docs. */
    public static ArgSpec key() {
        return ArgSpec.key("key", 0);
    }
}
