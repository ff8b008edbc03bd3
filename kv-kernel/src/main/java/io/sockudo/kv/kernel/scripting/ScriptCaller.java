package io.sockudo.kv.kernel.scripting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.CommandFlag;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Runs the commands a script calls ({@code redis.call}/{@code redis.pcall}) as Redis's
 * {@code scriptCall} does: the command table resolves them like a client's (subcommands, arity),
 * the script's own checks follow (no {@code noscript} commands, no writes from a read-only
 * script), then {@link CommandRunner#call} runs them as it runs a client's command, under the
 * locks the script already holds, with the script's fake client (its own database, its own RESP
 * version), so family and plugin commands, key specs, WRONGTYPE, blocking-as-timeout, write
 * observers (WATCH, blocked clients) and keyspace events all behave as for a client. The reply
 * the command wrote in RESP is then read back as Lua values.
 *
 * <p>One instance per Lua world, used by one thread at a time (the world's lock).
 */
final class ScriptCaller {
    static final String UNKNOWN = "Unknown Redis command called from script";
    static final String ARITY = "Wrong number of args calling Redis command from script";
    static final String NOSCRIPT = "This Redis command is not allowed from script";
    static final String READ_ONLY = "Write commands are not allowed from read-only scripts.";
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    static final String NO_ARGS = "Please specify at least one argument for this redis lib call";
    static final String BAD_ARG = "Lua redis lib command arguments must be strings or integers";

    private final CommandTable table;
    private final CommandRunner runner;
    private final Client client;
    private final RespWriter writer = new RespWriter();
    private final ByteBuf buffer = Unpooled.buffer(256);
    private final ExecutionContext ctx;
    private final PropagationStream propagation;
    /** Argument arrays reused across calls of the same arity (the common one-call script). */
    private byte[][][] argvByArity = new byte[8][][];
    private ScriptRun run;

    ScriptCaller(CommandTable table, CommandRunner runner, ExecutionEnvironment env) {
        this.table = table;
        this.runner = runner;
        this.client = new Client(0, null);
        this.client.authenticated(true);
        this.client.name(null);
        this.client.monitorSource("lua");
        writer.target(buffer);
        this.ctx = new ExecutionContext(env, client, writer);
        this.propagation = env.propagation();
        ctx.canBlock(false);
    }

    /** Prepares for a run: the caller's database, RESP 2 until redis.setresp. */
    void begin(ScriptRun r) {
        this.run = r;
        client.db(r.caller == null ? 0 : r.caller.db());
        client.protocol(2);
        writer.protocol(2);
        ctx.propagationTargets(PropagatedCommand.ALL);
    }

    /** redis.set_repl: the propagation targets of the commands the script runs from now on. */
    void propagationTargets(int targets) {
        ctx.propagationTargets(targets);
    }

    void end() {
        this.run = null;
        buffer.clear();
        if (buffer.capacity() > 64 * 1024) {
            buffer.capacity(256);
        }
    }

    void resp(int version) {
        client.protocol(version);
        writer.protocol(version);
    }

    /**
     * Runs the command named by {@code args}. Errors (the script's checks and the command's own
     * error replies) come back as {@code {err=...}} tables; {@code redis.call} raises them.
     */
    LuaValue call(Varargs args) {
        int n = args.narg();
        if (n == 0) {
            return LuaErrors.errorTable("ERR " + NO_ARGS);
        }
        byte[][] argv = argv(n);
        for (int i = 0; i < n; i++) {
            LuaValue a = args.arg(i + 1);
            int t = a.type();
            if (t == LuaValue.TSTRING) {
                argv[i] = LuaToReply.bytes(a);
            } else if (t == LuaValue.TNUMBER) {
                argv[i] = LuaNumbers.argument(a.todouble());
            } else {
                return LuaErrors.errorTable("ERR " + BAD_ARG);
            }
        }
        RegisteredCommand cmd = resolve(argv);
        if (cmd == null) {
            return LuaErrors.errorTable("ERR " + UNKNOWN);
        }
        if (!cmd.spec().arityAccepts(n)) {
            cmd.rejectedCalls.increment();
            return LuaErrors.errorTable("ERR " + ARITY);
        }
        if (cmd.hasFlag(CommandFlag.NOSCRIPT)) {
            cmd.rejectedCalls.increment();
            return LuaErrors.errorTable("ERR " + NOSCRIPT);
        }
        if (run.caller != null) {
            CommandAccess access = ctx.environment().access();
            long denial = access.check(run.caller, cmd, argv);
            if (denial != CommandAccess.OK) {
                access.log(run.caller, denial, CommandAccess.Context.LUA, cmd, argv);
                cmd.rejectedCalls.increment();
                return LuaErrors.errorTable("ERR " + denied(denial));
            }
        }
        boolean write = cmd.isWrite();
        if (run.readOnly && (write || cmd.hasFlag(CommandFlag.MAY_REPLICATE))) {
            cmd.rejectedCalls.increment();
            return LuaErrors.errorTable("ERR " + READ_ONLY);
        }
        if (run.denyOom && cmd.hasFlag(CommandFlag.DENYOOM)) {
            // Redis's scriptVerifyOOM: past maxmemory when the script started, denyoom commands fail.
            cmd.rejectedCalls.increment();
            return LuaErrors.errorTable(OOM);
        }
        if (write) {
            run.written = true;
        }
        buffer.clear();
        runner.call(ctx, cmd, argv);
        LuaValue reply = RespToLua.read(buffer);
        buffer.clear();
        if (argv.length <= 8 && argvByArity[argv.length - 1] == null && !propagation.active()) {
            // the runner and handlers keep no reference to argv past the call, but the
            // propagation stream does (the command may be the script's effect to propagate)
            argvByArity[argv.length - 1] = argv;
        }
        return reply;
    }

    private byte[][] argv(int n) {
        if (n <= 8) {
            byte[][] a = argvByArity[n - 1];
            if (a != null) {
                argvByArity[n - 1] = null;
                return a;
            }
        }
        return new byte[n][];
    }

    /** Looks up a command and subcommand as Redis's lookupCommand does (null when unknown). */
    private RegisteredCommand resolve(byte[][] argv) {
        RegisteredCommand cmd = table.lookup(argv[0]);
        if (cmd == null) {
            return null;
        }
        if (cmd.subcommands() != null && argv.length >= 2) {
            return cmd.subcommands().lookup(argv[1]);
        }
        return cmd;
    }

    /** Redis's text for a command the script's user may not run. */
    static String denied(long denial) {
        return switch (CommandAccess.reason(denial)) {
            case CommandAccess.DENIED_CMD -> "The user executing the script can't run this command or subcommand";
            case CommandAccess.DENIED_KEY -> "The user executing the script can't access at least one of the keys "
                    + "mentioned in the command arguments";
            case CommandAccess.DENIED_CHANNEL -> "The user executing the script can't publish to the channel "
                    + "mentioned in the command";
            default -> "The user executing the script is lacking the permissions for the command";
        };
    }

    /**
     * redis.acl_check_cmd: whether the script's user may run the command the arguments name;
     * null when they name no command.
     */
    Boolean aclCheck(Varargs args) {
        if (!exists(args)) {
            return null;
        }
        byte[][] argv = new byte[args.narg()][];
        for (int i = 0; i < argv.length; i++) {
            LuaValue a = args.arg(i + 1);
            argv[i] = a.type() == LuaValue.TNUMBER ? LuaNumbers.argument(a.todouble()) : LuaToReply.bytes(a);
        }
        if (run == null || run.caller == null) {
            return Boolean.TRUE;
        }
        return ctx.environment().access().check(run.caller, resolve(argv), argv) == CommandAccess.OK;
    }

    /** Whether the arguments name a known command (redis.acl_check_cmd). */
    boolean exists(Varargs args) {
        byte[][] argv = new byte[args.narg()][];
        for (int i = 0; i < argv.length; i++) {
            LuaValue a = args.arg(i + 1);
            if (!a.isstring()) {
                return false;
            }
            argv[i] = a.type() == LuaValue.TNUMBER ? LuaNumbers.argument(a.todouble()) : LuaToReply.bytes(a);
        }
        RegisteredCommand cmd = resolve(argv);
        return cmd != null && cmd.spec().arityAccepts(argv.length);
    }

    /** The command RESP version the script chose. */
    int resp() {
        return writer.protocol();
    }

    /** Raises the {@code {err=...}} table of a failed call. */
    static LuaError raise(LuaValue errorTable) {
        return new LuaError(errorTable);
    }

    static boolean isError(LuaValue v) {
        return v.istable() && v.rawget(ERR_KEY).type() == LuaValue.TSTRING;
    }

    private static final LuaString ERR_KEY = LuaString.valueOf("err");
}
