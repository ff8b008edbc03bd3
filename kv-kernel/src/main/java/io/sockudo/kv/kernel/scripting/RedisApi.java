package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.util.Version;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis} table scripts see: {@code call}/{@code pcall} (through {@link ScriptCaller}),
 * the reply helpers, {@code sha1hex}, {@code log}, {@code setresp}, {@code set_repl},
 * {@code replicate_commands}, {@code breakpoint}/{@code debug} (no debugger: no-ops),
 * {@code acl_check_cmd} and the constants, with Redis 7.0's argument checks and error texts.
 */
final class RedisApi {
    private static final Logger LOG = LoggerFactory.getLogger("io.sockudo.kv.script");

    static final int LOG_DEBUG = 0;
    static final int LOG_VERBOSE = 1;
    static final int LOG_NOTICE = 2;
    static final int LOG_WARNING = 3;

    private RedisApi() {
    }

    /** A function of the {@code redis} table. */
    @FunctionalInterface
    interface Body {
        Varargs invoke(Varargs args);
    }

    static VarArgFunction fn(String name, Body body) {
        return new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.invoke(args);
            }
        };
    }

    /** Raises an error table {@code {err="ERR <text>"}}, as Redis's luaPushError + luaError. */
    static LuaError raise(String text) {
        return new LuaError(LuaErrors.errorTable("ERR " + text));
    }

    static LuaTable create(LuaWorld world) {
        LuaTable redis = new LuaTable();
        redis.rawset("call", fn("call", args -> {
            LuaValue r = world.call(args);
            if (ScriptCaller.isError(r)) {
                throw ScriptCaller.raise(r);
            }
            return r;
        }));
        redis.rawset("pcall", fn("pcall", world::call));
        redis.rawset("error_reply", fn("error_reply", args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return LuaErrors.errorTable("ERR wrong number or type of arguments");
            }
            String s = LuaToReply.latin1(args.arg1());
            return LuaErrors.errorTable(errorText(s.startsWith("-") ? s : "-" + s));
        }));
        redis.rawset("status_reply", fn("status_reply", args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return LuaErrors.errorTable("ERR wrong number or type of arguments");
            }
            LuaTable t = new LuaTable();
            t.rawset("ok", args.arg1());
            return t;
        }));
        redis.rawset("sha1hex", fn("sha1hex", args -> {
            if (args.narg() != 1) {
                throw raise("wrong number of arguments");
            }
            LuaValue v = args.arg1();
            byte[] data = v.type() == LuaValue.TNUMBER
                    ? LuaNumbers.g14(v.todouble()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                    : v.type() == LuaValue.TSTRING ? LuaToReply.bytes(v) : new byte[0];
            return LuaValue.valueOf(Sha1Hex.of(data));
        }));
        redis.rawset("log", fn("log", args -> {
            if (args.narg() < 2) {
                throw raise("redis.log() requires two arguments or more.");
            }
            if (args.arg1().type() != LuaValue.TNUMBER && !args.arg1().isnumber()) {
                throw raise("First argument must be a number (log level).");
            }
            int level = args.arg1().toint();
            if (level < LOG_DEBUG || level > LOG_WARNING) {
                throw raise("Invalid debug level.");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 2; i <= args.narg(); i++) {
                LuaValue a = args.arg(i);
                if (a.type() == LuaValue.TSTRING) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(LuaToReply.latin1(a));
                } else if (a.type() == LuaValue.TNUMBER) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(LuaNumbers.g14(a.todouble()));
                }
            }
            switch (level) {
                case LOG_DEBUG -> LOG.debug("{}", sb);
                case LOG_VERBOSE, LOG_NOTICE -> LOG.info("{}", sb);
                default -> LOG.warn("{}", sb);
            }
            return LuaValue.NONE;
        }));
        redis.rawset("setresp", fn("setresp", args -> {
            if (args.narg() != 1) {
                throw raise("redis.setresp() requires one argument.");
            }
            int v = args.arg1().isnumber() ? args.arg1().toint() : 0;
            if (v != 2 && v != 3) {
                throw raise("RESP version must be 2 or 3.");
            }
            world.resp(v);
            return LuaValue.NONE;
        }));
        redis.rawset("set_repl", fn("set_repl", args -> {
            if (args.narg() != 1) {
                throw raise("redis.set_repl() requires two arguments.");
            }
            int flags = args.arg1().isnumber() ? args.arg1().toint() : 0;
            if ((flags & ~3) != 0) {
                throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            world.replicationFlags(flags);
            return LuaValue.NONE;
        }));
        redis.rawset("replicate_commands", fn("replicate_commands", args -> LuaValue.TRUE));
        redis.rawset("breakpoint", fn("breakpoint", args -> LuaValue.FALSE));
        redis.rawset("debug", fn("debug", args -> LuaValue.NONE));
        redis.rawset("acl_check_cmd", fn("acl_check_cmd", args -> {
            if (args.narg() < 1) {
                throw raise("Please specify at least one argument for this redis lib call");
            }
            Boolean allowed = world.aclCheck(args);
            if (allowed == null) {
                throw raise("Invalid command passed to redis.acl_check_cmd()");
            }
            return allowed ? LuaValue.TRUE : LuaValue.FALSE;
        }));
        redis.rawset("LOG_DEBUG", LuaValue.valueOf(LOG_DEBUG));
        redis.rawset("LOG_VERBOSE", LuaValue.valueOf(LOG_VERBOSE));
        redis.rawset("LOG_NOTICE", LuaValue.valueOf(LOG_NOTICE));
        redis.rawset("LOG_WARNING", LuaValue.valueOf(LOG_WARNING));
        redis.rawset("REPL_NONE", LuaValue.valueOf(0));
        redis.rawset("REPL_AOF", LuaValue.valueOf(1));
        redis.rawset("REPL_SLAVE", LuaValue.valueOf(2));
        redis.rawset("REPL_REPLICA", LuaValue.valueOf(2));
        redis.rawset("REPL_ALL", LuaValue.valueOf(3));
        redis.rawset("REDIS_VERSION", LuaValue.valueOf(Version.REDIS_VERSION));
        redis.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(versionNum(Version.REDIS_VERSION)));
        return redis;
    }

    /** 7.0.15 → 0x07000f, as Redis packs it. */
    static int versionNum(String v) {
        String[] p = v.split("\\.");
        return (Integer.parseInt(p[0]) << 16) | (Integer.parseInt(p[1]) << 8) | Integer.parseInt(p[2]);
    }

    /**
     * Redis's {@code luaPushErrorBuff}: "-CODE message" keeps its code, a message without one
     * gets "ERR"; trailing CR/LF are trimmed.
     */
    static String errorText(String s) {
        String code;
        String msg;
        if (s.startsWith("-")) {
            int space = s.indexOf(' ');
            if (space < 0) {
                code = "ERR";
                msg = s.substring(1);
            } else {
                code = s.substring(1, space);
                msg = s.substring(space + 1);
            }
        } else {
            code = "ERR";
            msg = s;
        }
        int b = 0;
        int e = msg.length();
        while (b < e && (msg.charAt(b) == '\r' || msg.charAt(b) == '\n')) {
            b++;
        }
        while (e > b && (msg.charAt(e - 1) == '\r' || msg.charAt(e - 1) == '\n')) {
            e--;
        }
        return code + " " + msg.substring(b, e);
    }
}
