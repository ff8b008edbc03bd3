package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Lua interpreter state as Redis keeps them (one for EVAL scripts, one for functions): the
 * sandboxed globals, the libraries, the {@code redis} table, the instruction hook and the fake
 * client that runs the scripts' commands. A world is used by one thread at a time: whoever
 * runs Lua in it holds {@link #lock} (after the shard locks, never before).
 *
 * <p>The sandbox, as in Redis 7.0: no {@code os}, {@code io}, {@code debug}, {@code package},
 * {@code require}, {@code loadfile}, {@code dofile} or {@code print}; the global table and every
 * library table read-only; reading an undefined global is an error.
 */
final class LuaWorld {
    private final ScriptGlobals globals = new ScriptGlobals();
    private final InterruptHook hook = new InterruptHook();
    private final ScriptCaller caller;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScriptLibraries libraries;
    private ScriptRun run;

    /** The library tables scripts see besides the standard ones (cjson, cmsgpack, bit, struct). */
    interface ScriptLibraries {
        void install(LuaTable globals);
    }

    LuaWorld(ScriptCaller caller, ScriptLibraries libraries) {
        this.caller = caller;
        this.libraries = libraries;
        globals.load(new BaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new CoroutineLib());
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        for (String name : new String[] {"print", "dofile", "loadfile", "require", "module", "package", "rawlen",
                "_ENV"}) {
            globals.rawset(name, LuaValue.NIL);
        }
        Lua51.install(globals, this);
        globals.rawset("redis", RedisApi.create(this));
        libraries.install(globals);
        globals.rawset("__redis__err__handler", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue err) {
                return err;
            }
        });
        globals.debuglib = hook;
        protect();
    }

    /**
     * The {@code string} library table every world shares, and the string metatable pointing to
     * it. luaj keeps one string metatable per JVM ({@code LuaString.s_metatable}, which loading
     * StringLib replaces), so with one {@code string} table per world only the last world created
     * would see {@code getmetatable('').__index == string}, as Redis's single Lua state does. The
     * table is read-only and its functions keep no state, so sharing it changes nothing else.
     */
    private static LuaValue sharedString;
    private static LuaValue sharedStringMetatable;

    /** Makes every library table read-only, then the globals, as Redis 7.0 does after setup. */
    private void protect() {
        synchronized (LuaWorld.class) {
            if (sharedString == null) {
                sharedString = ReadOnlyTable.copyOf((LuaTable) globals.get("string"));
                LuaTable mt = new LuaTable();
                mt.rawset("__index", sharedString);
                sharedStringMetatable = ReadOnlyTable.copyOf(mt);
            }
            globals.rawset("string", sharedString);
            LuaString.s_metatable = sharedStringMetatable;
        }
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = globals.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            LuaValue v = n.arg(2);
            if (v instanceof LuaTable t && !(v instanceof ReadOnlyTable) && v != globals) {
                globals.rawset(k, ReadOnlyTable.copyOf(t));
            }
        }
        globals.rawset("_G", globals);
        LuaTable mt = new LuaTable();
        mt.rawset("__index", new org.luaj.vm2.lib.TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue key) {
                throw new LuaError("Script attempted to access nonexistent global variable '"
                        + (key.isstring() ? LuaToReply.latin1(key) : key.tojstring()) + "'");
            }
        });
        globals.setmetatable(ReadOnlyTable.copyOf(mt));
        globals.lock();
    }

    ScriptGlobals globals() {
        return globals;
    }

    InterruptHook hook() {
        return hook;
    }

    ReentrantLock lock() {
        return lock;
    }

    /**
     * Compiles a chunk in this world's global environment.
     *
     * @throws LuaError with Lua 5.1's message on a syntax error
     */
    LuaValue compile(byte[] source, int offset, int length, String chunkName) {
        return globals.load(new ByteArrayInputStream(source, offset, length), chunkName, "t", globals);
    }

    /** Starts a run: its commands go through the fake client, the hook watches it. */
    void begin(ScriptRun r) {
        this.run = r;
        caller.begin(r);
        hook.attach(r);
    }

    void end() {
        hook.detach();
        caller.end();
        this.run = null;
    }

    /** Where the last instruction ran (for errors raised outside every Lua frame). */
    String lastPosition() {
        return hook.lastPosition();
    }

    ScriptRun run() {
        return run;
    }

    LuaValue call(Varargs args) {
        ScriptRun r = run;
        if (r == null) {
            throw RedisApi.raise("redis.call can only be called inside a script invocation");
        }
        if (r.killed()) {
            throw ScriptRun.killedError();
        }
        return caller.call(args);
    }

    boolean commandExists(Varargs args) {
        return caller.exists(args);
    }

    /** redis.acl_check_cmd: null when the arguments name no command. */
    Boolean aclCheck(Varargs args) {
        return caller.aclCheck(args);
    }

    void resp(int version) {
        if (run != null) {
            run.resp = version;
        }
        caller.resp(version);
    }

    /** redis.set_repl: where the script's next commands propagate (the REPL_* values are the targets). */
    void replicationFlags(int flags) {
        caller.propagationTargets(flags);
    }

    /** A killed script cannot catch its own death with pcall. */
    void rethrowIfKilled(LuaError e) {
        ScriptRun r = run;
        if (r != null && r.killed()) {
            throw e;
        }
    }
}
