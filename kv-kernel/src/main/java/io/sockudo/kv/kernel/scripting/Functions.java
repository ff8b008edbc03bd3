package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.util.SplitArgs;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.ReplyWriter;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis functions: libraries loaded with FUNCTION LOAD into their own Lua world, the functions
 * they register, FCALL/FCALL_RO, and FUNCTION LIST/DELETE/FLUSH/DUMP/RESTORE/STATS/KILL, with
 * Redis 7.0's rules and texts.
 *
 * <p>As in Redis, a library's code sees almost nothing while it loads (a {@code redis} table
 * with {@code register_function}, {@code log} and the version), and its functions see the full
 * sandbox when they run: the library's global table is empty and read-only, and its metatable's
 * {@code __index} switches between the load API and the world's globals.
 *
 * <p>The registry is an immutable snapshot replaced on change (under every shard lock, since the
 * changing commands are write commands), so FCALL finds a function from any event loop without
 * locking.
 */
public final class Functions {
    static final String SOURCE = "@user_function";
    static final String ENGINE = "LUA";
    private static final long LOAD_TIMEOUT_MILLIS = 500;
    private static final String NAME_RULE = " names can only contain letters, numbers, or underscores(_) and must "
            + "be at least one character long";

    private final ScriptWorlds worlds;
    private final ScriptExecutor executor;
    private final ConfigRegistry config;
    /**
     * The interpreter, made on first use (FUNCTION LOAD, FCALL, a file with libraries): making a
     * Lua world loads ~170 luaj classes that class-data sharing cannot archive (they are Java 1.3
     * class files), so a server that runs no function does not pay for one at start-up.
     */
    private volatile Lua lua;
    /** The library being loaded (register_function adds to it), or null outside FUNCTION LOAD. */
    private List<LibraryFunction> loading;
    private String loadingName;

    /** Libraries and functions by name; replaced whole on every change. */
    private record Registry(Map<String, FunctionLibrary> libraries, Map<String, LibraryFunction> functions) {
        static final Registry EMPTY = new Registry(Map.of(), Map.of());
    }

    private volatile Registry registry = Registry.EMPTY;

    public Functions(ScriptWorlds worlds, ScriptExecutor executor, ConfigRegistry config) {
        this.worlds = worlds;
        this.executor = executor;
        this.config = config;
    }

    /** The functions' Lua world, the environment library code runs in, and the load-time API. */
    private final class Lua {
        final LuaWorld world;
        final LuaTable env;
        final LuaTable loadApi;

        Lua() {
            this.world = worlds.newWorld();
            this.loadApi = loadApi(world);
            LuaTable mt = new LuaTable();
            mt.rawset("__index", new TwoArgFunction() {
                @Override
                public LuaValue call(LuaValue table, LuaValue key) {
                    return loading != null ? loadApi.get(key) : world.globals().get(key);
                }
            });
            // A Globals, not a plain table: luaj gives closures the instruction hook (KILL, time
            // checks, error positions) only through their environment's Globals.
            ScriptGlobals e = new ScriptGlobals();
            e.setmetatable(mt);
            e.debuglib = world.hook();
            e.lock();
            this.env = e;
        }
    }

    private Lua lua() {
        Lua l = lua;
        if (l == null) {
            synchronized (this) {
                l = lua;
                if (l == null) {
                    l = new Lua();
                    lua = l;
                }
            }
        }
        return l;
    }

    /** What library code sees while it loads: only {@code redis.register_function}, log and versions. */
    private LuaTable loadApi(LuaWorld world) {
        LuaValue full = world.globals().get("redis");
        LuaTable redis = new LuaTable();
        redis.rawset("register_function", RedisApi.fn("register_function", this::registerFunction));
        for (String k : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
            redis.rawset(k, full.get(k));
        }
        redis.setmetatable(nonexistentGlobal());
        LuaTable api = new LuaTable();
        api.rawset("redis", ReadOnlyTable.copyOf(redis));
        api.setmetatable(nonexistentGlobal());
        return ReadOnlyTable.copyOf(api);
    }

    private static LuaTable nonexistentGlobal() {
        LuaTable mt = new LuaTable();
        mt.rawset("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue key) {
                throw new LuaError("Script attempted to access nonexistent global variable '"
                        + (key.isstring() ? LuaToReply.latin1(key) : key.tojstring()) + "'");
            }
        });
        return ReadOnlyTable.copyOf(mt);
    }

    // ---- loading ------------------------------------------------------------------------------

    /** redis.register_function(name, callback) or redis.register_function{...}. */
    private Varargs registerFunction(Varargs args) {
        if (loading == null) {
            throw RedisApi.raise("redis.register_function can only be called on FUNCTION LOAD command");
        }
        String name = null;
        LuaValue callback = null;
        int flags = 0;
        String description = null;
        if (args.narg() == 1) {
            if (!args.arg1().istable()) {
                throw RedisApi.raise("calling redis.register_function with a single argument is only applicable to "
                        + "Lua table (representing named arguments).");
            }
            LuaTable t = (LuaTable) args.arg1();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                LuaValue v = n.arg(2);
                String key = k.isstring() ? LuaToReply.latin1(k) : "";
                switch (key) {
                    case "function_name" -> {
                        if (!v.isstring()) {
                            throw RedisApi.raise("function_name argument given to redis.register_function must be a "
                                    + "string");
                        }
                        name = text(v);
                    }
                    case "description" -> {
                        if (!v.isstring()) {
                            throw RedisApi.raise("description argument given to redis.register_function must be a "
                                    + "string");
                        }
                        description = text(v);
                    }
                    case "callback" -> {
                        if (!v.isfunction()) {
                            throw RedisApi.raise("callback argument given to redis.register_function must be a "
                                    + "function");
                        }
                        callback = v;
                    }
                    case "flags" -> {
                        if (!v.istable()) {
                            throw RedisApi.raise("flags argument to redis.register_function must be a table "
                                    + "representing function flags");
                        }
                        flags = flags((LuaTable) v);
                    }
                    default -> throw RedisApi.raise("unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw RedisApi.raise("redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw RedisApi.raise("redis.register_function must get a callback argument");
            }
        } else if (args.narg() == 2) {
            if (!args.arg1().isstring()) {
                throw RedisApi.raise("first argument to redis.register_function must be a string");
            }
            if (!args.arg(2).isfunction()) {
                throw RedisApi.raise("second argument to redis.register_function must be a function");
            }
            name = text(args.arg1());
            callback = args.arg(2);
        } else {
            throw RedisApi.raise("wrong number of arguments to redis.register_function");
        }
        if (!validName(name)) {
            // sic: redis-server 7.0 reports a bad function name with the library message
            throw RedisApi.raise("Library" + NAME_RULE);
        }
        for (LibraryFunction f : loading) {
            if (f.name().equalsIgnoreCase(name)) {
                throw RedisApi.raise("Function already exists in the library");
            }
        }
        loading.add(new LibraryFunction(name, callback, flags, description, loadingName, StraightLine.of(callback)));
        return LuaValue.NONE;
    }

    /** A string argument as Lua converts it (numbers as %.14g). */
    private static String text(LuaValue v) {
        return v.type() == LuaValue.TNUMBER ? LuaNumbers.g14(v.todouble()) : LuaToReply.latin1(v);
    }

    private static int flags(LuaTable t) {
        int flags = 0;
        for (int i = 1; ; i++) {
            LuaValue v = t.rawget(i);
            if (v.isnil()) {
                return flags;
            }
            int bit = v.type() == LuaValue.TSTRING ? ScriptFlags.bit(LuaToReply.latin1(v)) : 0;
            if (bit == 0) {
                throw RedisApi.raise("unknown flag given");
            }
            flags |= bit;
        }
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Library metadata from the shebang line: its name and where the Lua code starts. */
    private record Metadata(String name, int codeOffset) {
    }

    private static Metadata metadata(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new ScriptException("ERR Missing library metadata");
        }
        int end = -1;
        for (int i = 0; i < code.length; i++) {
            if (code[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ScriptException("ERR Invalid library metadata");
        }
        List<byte[]> parts = SplitArgs.split(java.util.Arrays.copyOf(code, end));
        if (parts == null || parts.isEmpty()) {
            throw new ScriptException("ERR Invalid library metadata");
        }
        String engine = new String(parts.get(0), StandardCharsets.ISO_8859_1).substring(2);
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String p = new String(parts.get(i), StandardCharsets.ISO_8859_1);
            if (p.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) {
                    throw new ScriptException("ERR Invalid metadata value, name argument was given multiple times");
                }
                name = p.substring(5);
                continue;
            }
            throw new ScriptException("ERR Invalid metadata value given: " + p);
        }
        if (name == null) {
            throw new ScriptException("ERR Library name was not given");
        }
        if (!engine.equalsIgnoreCase(ENGINE)) {
            throw new ScriptException("ERR Engine '" + engine + "' not found");
        }
        if (!validName(name)) {
            throw new ScriptException("ERR Library" + NAME_RULE);
        }
        return new Metadata(name, end);
    }

    /** Compiles a library and runs its code to collect its functions (the caller holds every shard lock). */
    private FunctionLibrary create(byte[] code, Registry current, boolean replace) {
        Metadata md = metadata(code);
        if (!replace && current.libraries().containsKey(md.name())) {
            throw new ScriptException("ERR Library '" + md.name() + "' already exists");
        }
        Lua l = lua();
        LuaWorld world = l.world;
        world.lock().lock();
        try {
            LuaValue chunk;
            try {
                chunk = world.globals().load(new ByteArrayInputStream(code, md.codeOffset(),
                        code.length - md.codeOffset()), SOURCE, "t", l.env);
            } catch (LuaError e) {
                throw new ScriptException("ERR Error compiling function: " + LuaErrors.compileMessage(e));
            }
            List<LibraryFunction> functions = new ArrayList<>();
            ScriptRun run = new ScriptRun(ScriptRun.Kind.FUNCTION, "", null, true, true, LOAD_TIMEOUT_MILLIS,
                    null);
            run.loading = true;
            loading = functions;
            loadingName = md.name();
            world.begin(run);
            try {
                chunk.call();
            } catch (LuaError e) {
                throw new ScriptException("ERR Error registering functions: " + loadError(e));
            } finally {
                world.end();
                loading = null;
                loadingName = null;
            }
            if (functions.isEmpty()) {
                throw new ScriptException("ERR No functions registered");
            }
            return new FunctionLibrary(md.name(), code, List.copyOf(functions));
        } finally {
            world.lock().unlock();
        }
    }

    private String loadError(LuaError e) {
        LuaValue v = LuaErrors.errorValue(e, lua().world.lastPosition());
        if (v.istable()) {
            LuaValue err = v.rawget("err");
            return err.isstring() ? LuaToReply.latin1(err) : "ERR unknown error";
        }
        return "ERR " + (v.isstring() ? LuaToReply.latin1(v) : v.tojstring());
    }

    /**
     * Adds libraries to a registry: on a library name clash, fails (APPEND) or replaces
     * (REPLACE); a function name owned by another library always fails.
     */
    private static Registry join(Registry base, List<FunctionLibrary> add, boolean replace, boolean quoted) {
        Map<String, FunctionLibrary> libs = new LinkedHashMap<>(base.libraries());
        for (FunctionLibrary lib : add) {
            if (libs.containsKey(lib.name())) {
                if (!replace) {
                    throw new ScriptException(quoted ? "ERR Library '" + lib.name() + "' already exists"
                            : "ERR Library " + lib.name() + " already exists");
                }
                libs.remove(lib.name());
            }
        }
        Map<String, LibraryFunction> fns = new LinkedHashMap<>();
        for (FunctionLibrary lib : libs.values()) {
            for (LibraryFunction f : lib.functions()) {
                fns.put(key(f.name()), f);
            }
        }
        for (FunctionLibrary lib : add) {
            for (LibraryFunction f : lib.functions()) {
                if (fns.containsKey(key(f.name()))) {
                    throw new ScriptException("ERR Function " + f.name() + " already exists");
                }
                fns.put(key(f.name()), f);
            }
            libs.put(lib.name(), lib);
        }
        return new Registry(Collections.unmodifiableMap(libs), Collections.unmodifiableMap(fns));
    }

    /** Function names are looked up ignoring case, as Redis's functions dictionary does. */
    private static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    // ---- persistence ------------------------------------------------------------------------

    /** The code of every library, in load order (what an RDB file keeps of them). */
    public List<byte[]> libraryCodes() {
        Collection<FunctionLibrary> libs = registry.libraries().values();
        List<byte[]> codes = new ArrayList<>(libs.size());
        for (FunctionLibrary lib : libs) {
            codes.add(lib.code());
        }
        return codes;
    }

    /**
     * Loads a library read from an RDB file (as FUNCTION LOAD REPLACE: the file's library wins);
     * null when loaded, else the reason, as Redis logs it.
     */
    public String loadLibrary(byte[] code) {
        try {
            Registry current = registry;
            FunctionLibrary lib = create(code, current, true);
            registry = join(current, List.of(lib), true, true);
            return null;
        } catch (ScriptException e) {
            String m = e.getMessage();
            return m.startsWith("ERR ") ? m.substring(4) : m;
        }
    }

    /** Functions registered, all libraries (INFO number_of_functions). */
    public int functionCount() {
        return registry.functions().size();
    }

    /** Libraries loaded (INFO number_of_libraries). */
    public int libraryCount() {
        return registry.libraries().size();
    }

    /** Drops every library (DEBUG RELOAD, before it loads the file back). */
    public void clearLibraries() {
        registry = Registry.EMPTY;
    }

    // ---- FUNCTION -----------------------------------------------------------------------------

    public void load(CommandContext ctx) {
        boolean replace = false;
        int i = 2;
        for (; i < ctx.argc() - 1; i++) {
            if (Args.is(ctx.arg(i), "replace")) {
                replace = true;
            } else {
                ctx.reply().error("ERR Unknown option given: " + Args.latin1(ctx.arg(i)));
                return;
            }
        }
        try {
            Registry current = registry;
            FunctionLibrary lib = create(ctx.arg(ctx.argc() - 1), current, replace);
            registry = join(current, List.of(lib), replace, true);
            changed(ctx);
            ctx.reply().bulk(lib.name());
        } catch (ScriptException e) {
            ctx.reply().error(e.getMessage());
        }
    }

    public void delete(CommandContext ctx) {
        Registry current = registry;
        String name = Args.latin1(ctx.arg(2));
        if (!current.libraries().containsKey(name)) {
            ctx.reply().error("ERR Library not found");
            return;
        }
        Map<String, FunctionLibrary> libs = new LinkedHashMap<>(current.libraries());
        libs.remove(name);
        registry = join(Registry.EMPTY, List.copyOf(libs.values()), false, true);
        changed(ctx);
        ctx.reply().ok();
    }

    public void flush(CommandContext ctx) {
        if (ctx.argc() > 3 || (ctx.argc() == 3 && !Args.is(ctx.arg(2), "sync") && !Args.is(ctx.arg(2), "async"))) {
            ctx.reply().error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
            return;
        }
        registry = Registry.EMPTY;
        changed(ctx);
        ctx.reply().ok();
    }

    /**
     * The libraries changed: as Redis's {@code server.dirty++} in the FUNCTION commands, the
     * command counts as a change (save points) and is propagated as it came, to the AOF and the
     * replicas, although it wrote no key.
     */
    private static void changed(CommandContext ctx) {
        ctx.dirty();
    }

    public void list(CommandContext ctx) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (!withCode && Args.is(a, "withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && Args.is(a, "libraryname")) {
                if (i >= ctx.argc() - 1) {
                    ctx.reply().error("ERR library name argument was not given");
                    return;
                }
                pattern = ctx.arg(++i);
                continue;
            }
            ctx.reply().error("ERR Unknown argument " + Args.latin1(a));
            return;
        }
        List<FunctionLibrary> libs = new ArrayList<>();
        for (FunctionLibrary lib : registry.libraries().values()) {
            if (pattern == null || Glob.matches(pattern, lib.name().getBytes(StandardCharsets.ISO_8859_1), true)) {
                libs.add(lib);
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(libs.size());
        for (FunctionLibrary lib : libs) {
            w.map(withCode ? 4 : 3);
            w.bulk("library_name");
            w.bulk(lib.name().getBytes(StandardCharsets.ISO_8859_1));
            w.bulk("engine");
            w.bulk(ENGINE);
            w.bulk("functions");
            w.array(lib.functions().size());
            for (LibraryFunction f : lib.functions()) {
                w.map(3);
                w.bulk("name");
                w.bulk(f.name().getBytes(StandardCharsets.ISO_8859_1));
                w.bulk("description");
                if (f.description() == null) {
                    w.nullBulk();
                } else {
                    w.bulk(f.description().getBytes(StandardCharsets.ISO_8859_1));
                }
                w.bulk("flags");
                writeFlags(w, f.flags());
            }
            if (withCode) {
                w.bulk("library_code");
                w.bulk(lib.code());
            }
        }
    }

    private static void writeFlags(ReplyWriter w, int flags) {
        w.set(Integer.bitCount(flags & 31));
        for (int i = 0; i < ScriptFlags.NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                w.simple(ScriptFlags.NAMES[i]);
            }
        }
    }

    public void dump(CommandContext ctx) {
        List<byte[]> codes = new ArrayList<>();
        for (FunctionLibrary lib : registry.libraries().values()) {
            codes.add(lib.code());
        }
        ctx.reply().bulk(FunctionPayload.dump(codes));
    }

    public void restore(CommandContext ctx) {
        String policy = "append";
        if (ctx.argc() == 4) {
            byte[] p = ctx.arg(3);
            if (Args.is(p, "flush")) {
                policy = "flush";
            } else if (Args.is(p, "append")) {
                policy = "append";
            } else if (Args.is(p, "replace")) {
                policy = "replace";
            } else {
                ctx.reply().error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
                return;
            }
        } else if (ctx.argc() > 4) {
            ctx.reply().error("ERR syntax error");
            return;
        }
        try {
            List<byte[]> codes = FunctionPayload.parse(ctx.arg(2));
            Registry loaded = Registry.EMPTY;
            for (byte[] code : codes) {
                FunctionLibrary lib = create(code, loaded, false);
                loaded = join(loaded, List.of(lib), false, true);
            }
            List<FunctionLibrary> libs = List.copyOf(loaded.libraries().values());
            registry = policy.equals("flush") ? loaded : join(registry, libs, policy.equals("replace"), false);
            changed(ctx);
            ctx.reply().ok();
        } catch (ScriptException e) {
            ctx.reply().error(e.getMessage());
        }
    }

    public void stats(CommandContext ctx) {
        ScriptRun r = executor.current();
        if (r != null && r.kind == ScriptRun.Kind.EVAL) {
            ctx.reply().error(ScriptExecutor.BUSY_EVAL);
            return;
        }
        ReplyWriter w = ctx.reply();
        w.map(2);
        w.bulk("running_script");
        if (r == null || r.loading) {
            w.nullBulk();
        } else {
            w.map(3);
            w.bulk("name");
            w.bulk(r.name);
            w.bulk("command");
            byte[][] argv = r.argv == null ? new byte[0][] : r.argv;
            w.array(argv.length);
            for (byte[] a : argv) {
                w.bulk(a);
            }
            w.bulk("duration_ms");
            w.integer((System.nanoTime() - r.startNanos) / 1_000_000L);
        }
        w.bulk("engines");
        w.map(1);
        w.bulk(ENGINE);
        w.map(2);
        Registry reg = registry;
        w.bulk("libraries_count");
        w.integer(reg.libraries().size());
        w.bulk("functions_count");
        w.integer(reg.functions().size());
    }

    public void kill(CommandContext ctx) {
        String refused = executor.kill(ScriptRun.Kind.FUNCTION);
        if (refused == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(refused);
        }
    }

    // ---- FCALL --------------------------------------------------------------------------------

    /** FCALL and FCALL_RO. */
    public void fcall(CommandContext cctx, boolean readOnly) {
        ExecutionContext ctx = (ExecutionContext) cctx;
        LibraryFunction f = registry.functions().get(key(Args.latin1(ctx.arg(1))));
        if (f == null) {
            fail(ctx, "ERR Function not found");
            return;
        }
        byte[] nk = ctx.arg(2);
        if (!Args.isLong(nk)) {
            fail(ctx, "ERR Bad number of keys provided");
            return;
        }
        long numkeys = Args.parseLongUnchecked(nk, 0, nk.length);
        if (numkeys > ctx.argc() - 3) {
            fail(ctx, "ERR Number of keys can't be greater than number of args");
            return;
        }
        if (numkeys < 0) {
            fail(ctx, "ERR Number of keys can't be negative");
            return;
        }
        if (readOnly && (f.flags() & ScriptFlags.NO_WRITES) == 0) {
            fail(ctx, "ERR Can not execute a script with write flag using *_ro command.");
            return;
        }
        boolean oom = ctx.outOfMemory() && (f.flags() & ScriptFlags.ALLOW_OOM) == 0;
        if (oom && (f.flags() & ScriptFlags.NO_WRITES) == 0) {
            fail(ctx, ScriptCaller.OOM);
            return;
        }
        byte[][] argv = ctx.argv();
        int nkeys = (int) numkeys;
        executor.run(ctx, f.straightLine(), (caller, out) -> execute(f, argv, nkeys, readOnly, oom, caller, out));
    }

    private void fail(ExecutionContext ctx, String error) {
        executor.reply(ctx, (caller, out) -> out.error(error));
    }

    private void execute(LibraryFunction f, byte[][] argv, int nkeys, boolean readOnly, boolean oom, Client caller,
                         RespWriter out) {
        boolean ro = readOnly || (f.flags() & ScriptFlags.NO_WRITES) != 0;
        ScriptRun run = new ScriptRun(ScriptRun.Kind.FUNCTION, f.name(), caller, ro, true,
                executor.busyReplyThreshold(), argv);
        run.denyOom = oom;
        LuaWorld world = lua().world;
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
            LuaValue result = f.callback().call(keys, args);
            LuaToReply.write(out, result, run.resp);
        } catch (LuaError e) {
            out.error(ScriptErrors.reply(e, run, world.lastPosition()));
        } catch (StackOverflowError e) {
            out.error("ERR Error running script " + f.name() + ", stack overflow");
        } finally {
            world.end();
            executor.exit();
            world.lock().unlock();
        }
    }

}
