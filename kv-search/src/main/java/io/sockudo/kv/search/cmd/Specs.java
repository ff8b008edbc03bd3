package io.sockudo.kv.search.cmd;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;

/**
 * The one convention for FT.* command specs: module flag and group, RediSearch's flags (write
 * deny-oom / write / readonly / admin), the {@code search} ACL category. Index names are not keys:
 * the commands are keyless, so the kernel runs their event-loop phases holding the whole keyspace
 * (short: parsing and replying; query evaluation runs off the loop with {@code offload}). Only the
 * suggestion dictionaries (FT.SUG*) are keys.
 */
final class Specs {
    static final String CATEGORY = "search";

    private Specs() {
    }

    private static CommandSpec.Builder base(String name, int arity, String summary, String since, CommandHandler h) {
        return CommandSpec.builder(name).arity(arity).group("module").summary(summary).since(since)
                .handler(h);
    }

    /** A command that changes data (write deny-oom). */
    static CommandSpec.Builder write(String name, int arity, String summary, String since, CommandHandler h) {
        return base(name, arity, summary, since, h)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl("write", "slow", CATEGORY);
    }

    /** A command that changes data but never grows memory (write). */
    static CommandSpec.Builder writeNoOom(String name, int arity, String summary, String since, CommandHandler h) {
        return base(name, arity, summary, since, h)
                .flags(CommandFlag.WRITE, CommandFlag.MODULE)
                .acl("write", "slow", CATEGORY);
    }

    static CommandSpec.Builder read(String name, int arity, String summary, String since, CommandHandler h) {
        return base(name, arity, summary, since, h)
                .flags(CommandFlag.READONLY, CommandFlag.MODULE)
                .acl("read", "slow", CATEGORY);
    }

    static CommandSpec.Builder admin(String name, int arity, String summary, String since, CommandHandler h) {
        return base(name, arity, summary, since, h)
                .flags(CommandFlag.ADMIN, CommandFlag.MODULE)
                .acl("admin", "slow", "dangerous", CATEGORY);
    }
}
