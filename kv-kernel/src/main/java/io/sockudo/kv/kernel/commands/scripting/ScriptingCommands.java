package io.sockudo.kv.kernel.commands.scripting;

import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.scripting.EvalScripts;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeyFinder;
import io.sockudo.kv.spi.KeySpec;

import java.util.List;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (LOAD EXISTS FLUSH KILL DEBUG HELP), with the
 * specs redis-server 7.0 reports. The EVAL family is registered lock-free: the handler takes no
 * shard lock, the script takes them all where it runs (see {@code ScriptExecutor}).
 */
public final class ScriptingCommands {
    static final String WORST_CASE_RW =
            "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE";
    static final String WORST_CASE_RO =
            "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS";

    private ScriptingCommands() {
    }

    /** Keys of EVAL-like commands: {@code numkeys} at index 2, then the keys. */
    static final KeyFinder NUMKEYS_AT_2 = (argv, argc) -> {
        long n = 0;
        if (argc > 2 && Args.isLong(argv[2])) {
            n = Args.parseLongUnchecked(argv[2], 0, argv[2].length);
        }
        n = Math.max(0, Math.min(n, argc - 3));
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = 3 + i;
        }
        return out;
    };

    /** The EVAL family (lock-free: register with {@code CommandRegistrar.addLockFree}). */
    public static void registerEval(EvalScripts scripts, List<CommandSpec> lockFree) {
        lockFree.add(evalLike("eval", "script", false, WORST_CASE_RW)
                .summary("Execute a Lua script server side").since("2.6.0")
                .handler(ctx -> scripts.eval(ctx, false, false)).build());
        lockFree.add(evalLike("evalsha", "sha1", false, null)
                .summary("Execute a Lua script server side").since("2.6.0")
                .handler(ctx -> scripts.eval(ctx, true, false)).build());
        lockFree.add(evalLike("eval_ro", "script", true, WORST_CASE_RO)
                .summary("Execute a read-only Lua script server side").since("7.0.0")
                .handler(ctx -> scripts.eval(ctx, false, true)).build());
        lockFree.add(evalLike("evalsha_ro", "sha1", true, null)
                .summary("Execute a read-only Lua script server side").since("7.0.0")
                .handler(ctx -> scripts.eval(ctx, true, true)).build());
    }

    /** The spec shared by EVAL, EVALSHA, FCALL and their _RO forms. */
    static CommandSpec.Builder evalLike(String name, String first, boolean readOnly, String notes) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(-3);
        if (readOnly) {
            b.flags(CommandFlag.READONLY, CommandFlag.NOSCRIPT, CommandFlag.STALE, CommandFlag.SKIP_MONITOR,
                    CommandFlag.NO_MANDATORY_KEYS);
        } else {
            b.flags(CommandFlag.NOSCRIPT, CommandFlag.STALE, CommandFlag.SKIP_MONITOR, CommandFlag.NO_MANDATORY_KEYS);
        }
        b.keys(0, 0, 0)
                .keySpec(readOnly ? new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1)
                        : new KeySpec(List.of("RW", "ACCESS", "UPDATE"), 2, null, 0, 0, 1, 0, 0, 1))
                .keyFinder(NUMKEYS_AT_2)
                .acl("slow", "scripting").group("scripting")
                .complexity("Depends on the script that is executed.")
                .args(ArgSpec.string(first), ArgSpec.integer("numkeys"),
                        ArgSpec.key("key", 0).optional().multiple(), ArgSpec.string("arg").optional().multiple());
        if (notes != null) {
            b.keySpecNotes(notes);
        }
        return b;
    }

    /** SCRIPT and its subcommands. */
    public static void registerScript(EvalScripts scripts, List<CommandSpec> out) {
        out.add(CommandSpec.builder("script").arity(-2).acl("slow").group("scripting")
                .summary("A container for Lua scripts management commands").since("2.6.0")
                .complexity("Depends on subcommand.")
                .subcommand(sub("load", 3, CommandFlag.NOSCRIPT, CommandFlag.STALE)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Load the specified Lua script into the script cache.").since("2.6.0")
                        .complexity("O(N) with N being the length in bytes of the script body.")
                        .args(ArgSpec.string("script"))
                        .handler(scripts::scriptLoad).build())
                .subcommand(sub("kill", 2, CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                        .tips("request_policy:all_shards", "response_policy:one_succeeded")
                        .summary("Kill the script currently in execution.").since("2.6.0").complexity("O(1)")
                        .handler(scripts::scriptKill).build())
                .subcommand(sub("debug", 3, CommandFlag.NOSCRIPT)
                        .summary("Set the debug mode for executed scripts.").since("3.2.0").complexity("O(1)")
                        .args(ArgSpec.oneOf("mode", ArgSpec.pureToken("yes", "YES"), ArgSpec.pureToken("sync", "SYNC"),
                                ArgSpec.pureToken("no", "NO")))
                        .handler(ScriptingCommands::scriptDebug).build())
                .subcommand(sub("flush", -2, CommandFlag.NOSCRIPT)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Remove all the scripts from the script cache.").since("2.6.0")
                        .complexity("O(N) with N being the number of scripts in cache")
                        .history("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")
                        .args(ArgSpec.oneOf("async", ArgSpec.pureToken("async", "ASYNC"),
                                ArgSpec.pureToken("sync", "SYNC")).since("6.2.0").optional())
                        .handler(scripts::scriptFlush).build())
                .subcommand(sub("exists", -3, CommandFlag.NOSCRIPT)
                        .tips("request_policy:all_shards", "response_policy:agg_logical_and")
                        .summary("Check existence of scripts in the script cache.").since("2.6.0")
                        .complexity("O(N) with N being the number of scripts to check (so checking a single "
                                + "script is an O(1) operation).")
                        .args(ArgSpec.string("sha1").multiple())
                        .handler(scripts::scriptExists).build())
                .subcommand(sub("help", 2, CommandFlag.LOADING, CommandFlag.STALE)
                        .summary("Show helpful text about the different subcommands").since("5.0.0")
                        .complexity("O(1)")
                        .handler(ctx -> Help.reply(ctx,
                                "DEBUG (YES|SYNC|NO)",
                                "    Set the debug mode for subsequent scripts executed.",
                                "EXISTS <sha1> [<sha1> ...]",
                                "    Return information about the existence of the scripts in the script cache.",
                                "FLUSH [ASYNC|SYNC]",
                                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                                "    When called without the optional mode argument, the behavior is determined by the",
                                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                                "    * ASYNC: Asynchronously flush the scripts cache.",
                                "    * SYNC: Synchronously flush the scripts cache.",
                                "KILL",
                                "    Kill the currently executing Lua script.",
                                "LOAD <script>",
                                "    Load a script into the scripts cache without executing it.")).build())
                .build());
    }

    /** A SCRIPT or FUNCTION subcommand: @slow @scripting, and @write first for a write (as Redis derives it). */
    static CommandSpec.Builder sub(String name, int arity, CommandFlag... flags) {
        boolean write = java.util.Arrays.asList(flags).contains(CommandFlag.WRITE);
        return CommandSpec.builder(name).arity(arity).flags(flags)
                .acl(write ? new String[] {"write", "slow", "scripting"} : new String[] {"slow", "scripting"})
                .group("scripting");
    }

    /** SCRIPT DEBUG: there is no Lua debugger; NO is accepted, YES and SYNC refused. */
    static void scriptDebug(io.sockudo.kv.spi.CommandContext ctx) {
        byte[] mode = ctx.arg(2);
        if (Args.is(mode, "no")) {
            ctx.reply().ok();
        } else if (Args.is(mode, "yes") || Args.is(mode, "sync")) {
            ctx.reply().error("ERR The Lua debugger is not available in this server");
        } else {
            ctx.reply().error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
        }
    }
}
