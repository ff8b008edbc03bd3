package io.sockudo.kv.kernel.commands.scripting;

import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.scripting.Functions;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/**
 * FCALL, FCALL_RO and FUNCTION (LOAD LIST DELETE FLUSH DUMP RESTORE STATS KILL HELP), with the
 * specs redis-server 7.0 reports. FCALL is lock-free like EVAL: the function takes every lock
 * where it runs.
 */
public final class FunctionCommands {
    private FunctionCommands() {
    }

    public static void registerFcall(Functions functions, List<CommandSpec> lockFree) {
        lockFree.add(ScriptingCommands.evalLike("fcall", "function", false, ScriptingCommands.WORST_CASE_RW)
                .summary("Invoke a function").since("7.0.0")
                .complexity("Depends on the function that is executed.")
                .handler(ctx -> functions.fcall(ctx, false)).build());
        lockFree.add(ScriptingCommands.evalLike("fcall_ro", "function", true, ScriptingCommands.WORST_CASE_RO)
                .summary("Invoke a read-only function").since("7.0.0")
                .complexity("Depends on the function that is executed.")
                .handler(ctx -> functions.fcall(ctx, true)).build());
    }

    public static void registerFunction(Functions functions, List<CommandSpec> out) {
        String allShards = "request_policy:all_shards";
        out.add(CommandSpec.builder("function").arity(-2).acl("slow").group("scripting")
                .summary("A container for function commands").since("7.0.0").complexity("Depends on subcommand.")
                .subcommand(ScriptingCommands.sub("kill", 2, CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                        .tips(allShards, "response_policy:one_succeeded")
                        .summary("Kill the function currently in execution.").since("7.0.0").complexity("O(1)")
                        .handler(functions::kill).build())
                .subcommand(ScriptingCommands.sub("stats", 2, CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                        .tips("nondeterministic_output", allShards, "response_policy:special")
                        .summary("Return information about the function currently running (name, description, "
                                + "duration)").since("7.0.0").complexity("O(1)")
                        .handler(functions::stats).build())
                .subcommand(ScriptingCommands.sub("restore", -3, CommandFlag.WRITE, CommandFlag.DENYOOM,
                                CommandFlag.NOSCRIPT)
                        .tips(allShards, "response_policy:all_succeeded")
                        .summary("Restore all the functions on the given payload").since("7.0.0")
                        .complexity("O(N) where N is the number of functions on the payload")
                        .args(ArgSpec.string("serialized-value"),
                                ArgSpec.oneOf("policy", ArgSpec.pureToken("flush", "FLUSH"),
                                        ArgSpec.pureToken("append", "APPEND"),
                                        ArgSpec.pureToken("replace", "REPLACE")).optional())
                        .handler(functions::restore).build())
                .subcommand(ScriptingCommands.sub("delete", 3, CommandFlag.WRITE, CommandFlag.NOSCRIPT)
                        .tips(allShards, "response_policy:all_succeeded")
                        .summary("Delete a function by name").since("7.0.0").complexity("O(1)")
                        .args(ArgSpec.string("library-name"))
                        .handler(functions::delete).build())
                .subcommand(ScriptingCommands.sub("load", -3, CommandFlag.WRITE, CommandFlag.DENYOOM,
                                CommandFlag.NOSCRIPT)
                        .tips(allShards, "response_policy:all_succeeded")
                        .summary("Create a function with the given arguments (name, code, description)")
                        .since("7.0.0").complexity("O(1) (considering compilation time is redundant)")
                        .args(ArgSpec.pureToken("replace", "REPLACE").optional(), ArgSpec.string("function-code"))
                        .handler(functions::load).build())
                .subcommand(ScriptingCommands.sub("flush", -2, CommandFlag.WRITE, CommandFlag.NOSCRIPT)
                        .tips(allShards, "response_policy:all_succeeded")
                        .summary("Deleting all functions").since("7.0.0")
                        .complexity("O(N) where N is the number of functions deleted")
                        .args(ArgSpec.oneOf("async", ArgSpec.pureToken("async", "ASYNC"),
                                ArgSpec.pureToken("sync", "SYNC")).optional())
                        .handler(functions::flush).build())
                .subcommand(ScriptingCommands.sub("list", -2, CommandFlag.NOSCRIPT)
                        .tips("nondeterministic_output_order")
                        .summary("List information about all the functions").since("7.0.0")
                        .complexity("O(N) where N is the number of functions")
                        .args(ArgSpec.string("library-name-pattern").token("LIBRARYNAME").optional(),
                                ArgSpec.pureToken("withcode", "WITHCODE").optional())
                        .handler(functions::list).build())
                .subcommand(ScriptingCommands.sub("dump", 2, CommandFlag.NOSCRIPT)
                        .summary("Dump all functions into a serialized binary payload").since("7.0.0")
                        .complexity("O(N) where N is the number of functions")
                        .handler(functions::dump).build())
                .subcommand(ScriptingCommands.sub("help", 2, CommandFlag.LOADING, CommandFlag.STALE)
                        .summary("Show helpful text about the different subcommands").since("7.0.0")
                        .complexity("O(1)")
                        .handler(ctx -> Help.reply(ctx,
                                "LOAD [REPLACE] <FUNCTION CODE>",
                                "    Create a new library with the given library name and code.",
                                "DELETE <LIBRARY NAME>",
                                "    Delete the given library.",
                                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                                "    Return general information on all the libraries:",
                                "    * Library name",
                                "    * The engine used to run the Library",
                                "    * Library description",
                                "    * Functions list",
                                "    * Library code (if WITHCODE is given)",
                                "    It also possible to get only function that matches a pattern using LIBRARYNAME "
                                        + "argument.",
                                "STATS",
                                "    Return information about the current function running:",
                                "    * Function name",
                                "    * Command used to run the function",
                                "    * Duration in MS that the function is running",
                                "    If no function is running, return nil",
                                "    In addition, returns a list of available engines.",
                                "KILL",
                                "    Kill the current running function.",
                                "FLUSH [ASYNC|SYNC]",
                                "    Delete all the libraries.",
                                "    When called without the optional mode argument, the behavior is determined by "
                                        + "the",
                                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                                "    * ASYNC: Asynchronously flush the libraries.",
                                "    * SYNC: Synchronously flush the libraries.",
                                "DUMP",
                                "    Return a serialized payload representing the current libraries, can be restored "
                                        + "using FUNCTION RESTORE command",
                                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                                "    Restore the libraries represented by the given payload, it is possible to give a "
                                        + "restore policy to",
                                "    control how to handle existing libraries (default APPEND):",
                                "    * FLUSH: delete all existing libraries.",
                                "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
                                        + "abort.",
                                "    * REPLACE: appends the restored libraries to the existing libraries, On "
                                        + "collision, replace the old",
                                "      libraries with the new libraries (notice that even on this option there is a "
                                        + "chance of failure",
                                "      in case of functions name collision with another library).")).build())
                .build());
    }
}
