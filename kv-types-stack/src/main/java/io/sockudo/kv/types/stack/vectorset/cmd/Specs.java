package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * How the vector-set commands are declared: as Redis 8 registers them (a module inside redis):
 * the flags it gives each command plus {@code module}, group {@code module}, the ACL categories
 * Redis derives from those flags ({@code @write}/{@code @read}, {@code @fast}/{@code @slow}),
 * and one key at position 1 whose key spec Redis marks {@code RW access update} for every module
 * command declared by position. The docs are what Redis 8 sets through
 * {@code RedisModule_SetCommandInfo}: summary, since and arguments (no complexity, no history).
 */
final class Specs {
    private Specs() {
    }

    static CommandSpec.Builder write(String name, int arity, boolean fast, boolean denyOom, CommandHandler h) {
        List<CommandFlag> flags = new ArrayList<>(List.of(CommandFlag.WRITE));
        if (denyOom) {
            flags.add(CommandFlag.DENYOOM);
        }
        if (fast) {
            flags.add(CommandFlag.FAST);
        }
        flags.add(CommandFlag.MODULE);
        return base(name, arity, h).flags(flags.toArray(new CommandFlag[0]))
                .acl("write", fast ? "fast" : "slow");
    }

    static CommandSpec.Builder read(String name, int arity, boolean fast, CommandHandler h) {
        CommandSpec.Builder b = base(name, arity, h).acl("read", fast ? "fast" : "slow");
        return fast ? b.flags(CommandFlag.READONLY, CommandFlag.FAST, CommandFlag.MODULE)
                : b.flags(CommandFlag.READONLY, CommandFlag.MODULE);
    }

    private static CommandSpec.Builder base(String name, int arity, CommandHandler h) {
        return CommandSpec.builder(name).arity(arity).keys(1, 1, 1, "RW", "ACCESS", "UPDATE")
                .group("module").since("8.0.0").handler(h);
    }

    static ArgSpec key() {
        return ArgSpec.key("key", 0);
    }

    static ArgSpec element() {
        return ArgSpec.string("element");
    }

    /** Redis's module arity error names the command as it was declared (upper case). */
    static String wrongArity(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }
}
