package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

/**
 * EVAL scripts: the EVAL world, the cache of compiled scripts by SHA-1, and what EVAL, EVALSHA,
 * their _RO forms and SCRIPT LOAD/EXISTS/FLUSH/KILL do, with Redis 7.0's checks and texts.
 * A script body is compiled once (on the event loop that first sees it, so a syntax error is
 * answered at once) and kept as a function; EVALSHA then costs a table lookup by the SHA's bytes,
 * the KEYS and ARGV tables and the run itself.
 */
public final class EvalScripts {
    static final String SOURCE = "@user_script";

    /** Global names, in a holder so that luaj's classes load with the first script, not with this class. */
    private static final class Names {
        static final LuaString KEYS = LuaString.valueOf("KEYS");
        static final LuaString ARGV = LuaString.valueOf("ARGV");
    }

    private final ScriptWorlds worlds;
    /**
     * The EVAL world, made by the first script: making one loads ~170 luaj classes that class-data
     * sharing cannot archive (Java 1.3 class files), so start-up does not pay for it.
     */
    private volatile LuaWorld world;
    private final ScriptExecutor executor;
    private final ScriptCache cache = new ScriptCache();

    public EvalScripts(ScriptWorlds worlds, ScriptExecutor executor) {
        this.worlds = worlds;
        this.executor = executor;
    }

    private LuaWorld world() {
        LuaWorld w = world;
        if (w == null) {
            synchronized (this) {
                w = world;
                if (w == null) {
                    w = worlds.newWorld();
                    world = w;
                }
            }
        }
        return w;
    }

    /** EVAL, EVALSHA, EVAL_RO, EVALSHA_RO. */
    public void eval(CommandContext cctx, boolean bySha, boolean readOnly) {
        ExecutionContext ctx = (ExecutionContext) cctx;
        int argc = ctx.argc();
        byte[] nk = ctx.arg(2);
        if (!Args.isLong(nk)) {
            fail(ctx, "ERR value is not an integer or out of range");
            return;
        }
        long numkeys = Args.parseLongUnchecked(nk, 0, nk.length);
        if (numkeys > argc - 3) {
            fail(ctx, "ERR Number of keys can't be greater than number of args");
            return;
        }
        if (numkeys < 0) {
            fail(ctx, "ERR Number of keys can't be negative");
            return;
        }
        EvalScript script;
        if (bySha) {
            script = cache.get(ctx.arg(1));
            if (script == null) {
                fail(ctx, "NOSCRIPT No matching script. Please use EVAL.");
                return;
            }
        } else {
            try {
                script = load(ctx.arg(1));
            } catch (ScriptException e) {
                fail(ctx, e.getMessage());
                return;
            }
        }
        if (readOnly && (script.flags() & ScriptFlags.EVAL_COMPAT) == 0
                && (script.flags() & ScriptFlags.NO_WRITES) == 0) {
            fail(ctx, "ERR Can not execute a script with write flag using *_ro command.");
            return;
        }
        boolean oom = ctx.outOfMemory() && (script.flags() & ScriptFlags.ALLOW_OOM) == 0;
        if (oom && (script.flags() & ScriptFlags.EVAL_COMPAT) == 0 && (script.flags() & ScriptFlags.NO_WRITES) == 0) {
            // A declared script that may write is a denyoom command (Redis's evalGetCommandFlags).
            fail(ctx, ScriptCaller.OOM);
            return;
        }
        byte[][] argv = ctx.argv();
        int nkeys = (int) numkeys;
        EvalScript s = script;
        executor.run(ctx, s.straightLine(), (caller, out) -> execute(s, argv, nkeys, readOnly, oom, caller, out));
    }

    /** An error before the script runs, answered in the client's turn. */
    private void fail(ExecutionContext ctx, String error) {
        executor.reply(ctx, (caller, out) -> out.error(error));
    }

    /** Compiles (or finds) a script by its body. */
    EvalScript load(byte[] body) {
        byte[] sha = Sha1Hex.of(body);
        EvalScript known = cache.get(sha);
        if (known != null) {
            return known;
        }
        ScriptFlags.Shebang shebang = ScriptFlags.parse(body);
        LuaValue function;
        try {
            function = world().compile(body, shebang.bodyOffset(), body.length - shebang.bodyOffset(), SOURCE);
        } catch (LuaError e) {
            throw new ScriptException("ERR Error compiling script (new function): " + LuaErrors.compileMessage(e));
        }
        String name = new String(sha, StandardCharsets.US_ASCII);
        return cache.putIfAbsent(new EvalScript(sha, name, body, shebang.flags(), function,
                StraightLine.of(function)));
    }

    /** Runs a script on the thread that holds every shard lock. */
    private void execute(EvalScript script, byte[][] argv, int nkeys, boolean readOnly, boolean oom, Client caller,
                         RespWriter out) {
        boolean ro = readOnly || (script.flags() & ScriptFlags.NO_WRITES) != 0;
        ScriptRun run = new ScriptRun(ScriptRun.Kind.EVAL, script.name(), caller, ro,
                (script.flags() & ScriptFlags.EVAL_COMPAT) == 0, executor.busyReplyThreshold(), argv);
        run.denyOom = oom;
        LuaWorld world = world();
        world.lock().lock();
        executor.enter(run);
        world.begin(run);
        try {
            LuaTable keys = new LuaTable(nkeys, 0);
            for (int i = 0; i < nkeys; i++) {
                keys.rawset(i + 1, LuaString.valueUsing(argv[3 + i]));
            }
            int nargs = argv.length - 3 - nkeys;
            LuaTable args = new LuaTable(nargs, 0);
            for (int i = 0; i < nargs; i++) {
                args.rawset(i + 1, LuaString.valueUsing(argv[3 + nkeys + i]));
            }
            world.globals().define(Names.KEYS, keys);
            world.globals().define(Names.ARGV, args);
            LuaValue result = script.function().call();
            LuaToReply.write(out, result, run.resp);
        } catch (LuaError e) {
            out.error(ScriptErrors.reply(e, run, world.lastPosition()));
        } catch (StackOverflowError e) {
            out.error("ERR Error running script " + script.name() + ", stack overflow");
        } finally {
            world.end();
            executor.exit();
            world.lock().unlock();
        }
    }

    // ---- SCRIPT -------------------------------------------------------------------------------

    public void scriptLoad(CommandContext ctx) {
        try {
            EvalScript s = load(ctx.arg(2));
            ctx.reply().bulk(s.sha());
        } catch (ScriptException e) {
            ctx.reply().error(e.getMessage());
        }
    }

    public void scriptExists(CommandContext ctx) {
        ctx.reply().array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply().integer(cache.get(ctx.arg(i)) != null ? 1 : 0);
        }
    }

    public void scriptFlush(CommandContext ctx) {
        if (ctx.argc() > 3 || (ctx.argc() == 3 && !Args.is(ctx.arg(2), "sync") && !Args.is(ctx.arg(2), "async"))) {
            ctx.reply().error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            return;
        }
        cache.clear();
        ctx.reply().ok();
    }

    public void scriptKill(CommandContext ctx) {
        String refused = executor.kill(ScriptRun.Kind.EVAL);
        if (refused == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(refused);
        }
    }

    /** Scripts cached (INFO number_of_cached_scripts). */
    public int cachedScripts() {
        return cache.size();
    }

    public long cachedBytes() {
        return cache.bodyBytes();
    }
}
