package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayInputStream;

/**
 * What makes luaj (Lua 5.2) look like the Lua 5.1 Redis embeds: the 5.1 names scripts use
 * ({@code unpack}, {@code loadstring}, {@code table.getn}, {@code math.mod}...), {@code tostring}
 * printing numbers with {@code %.14g}, and {@code error}/{@code pcall}/{@code xpcall} producing
 * 5.1's messages ({@code chunk:line: message}).
 */
final class Lua51 {
    private Lua51() {
    }

    /** Installs the 5.1 names into freshly loaded standard libraries. */
    static void install(Globals g, LuaWorld world) {
        LuaTable table = (LuaTable) g.get("table");
        LuaTable string = (LuaTable) g.get("string");
        LuaTable math = (LuaTable) g.get("math");
        g.rawset("unpack", table.get("unpack"));
        table.rawset("unpack", LuaValue.NIL);
        table.rawset("pack", LuaValue.NIL);
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        g.rawset("loadstring", new LoadString(g));
        g.rawset("gcinfo", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Runtime rt = Runtime.getRuntime();
                return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
            }
        });
        LuaValue original = g.get("tostring");
        g.rawset("tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                if (v.type() == LuaValue.TNUMBER) {
                    return LuaValue.valueOf(LuaNumbers.g14(v.todouble()));
                }
                return original.call(v);
            }
        });
        g.rawset("error", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue message, LuaValue level) {
                if (message.type() == LuaValue.TSTRING || message.type() == LuaValue.TNUMBER) {
                    String text = message.type() == LuaValue.TNUMBER ? LuaNumbers.g14(message.todouble())
                            : LuaToReply.latin1(message);
                    if (level.optint(1) == 0) {
                        throw new PlainError(text);
                    }
                    throw new LuaError(text);
                }
                throw new LuaError(message);
            }
        });
        g.rawset("pcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.checkvalue(1);
                try {
                    return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
                } catch (LuaError e) {
                    world.rethrowIfKilled(e);
                    // Redis wraps pcall: an error table {err="..."} is caught as its message
                    LuaValue v = LuaErrors.errorValue(e);
                    if (v.istable() && v.rawget("err").type() == LuaValue.TSTRING) {
                        v = v.rawget("err");
                    }
                    return LuaValue.varargsOf(LuaValue.FALSE, v);
                } catch (StackOverflowError e) {
                    return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
                }
            }
        });
        g.rawset("xpcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.arg1();
                LuaValue handler = args.arg(2);
                try {
                    return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(LuaValue.NONE));
                } catch (LuaError e) {
                    world.rethrowIfKilled(e);
                    return LuaValue.varargsOf(LuaValue.FALSE, handler.call(LuaErrors.errorValue(e)));
                } catch (StackOverflowError e) {
                    return LuaValue.varargsOf(LuaValue.FALSE, handler.call(LuaValue.valueOf("stack overflow")));
                }
            }
        });

        table.rawset("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checktable().length());
            }
        });
        table.rawset("setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("'setn' is obsolete");
            }
        });
        table.rawset("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                LuaTable tt = t.checktable();
                double max = 0;
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = tt.next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
                        max = k.todouble();
                    }
                }
                return LuaValue.valueOf(max);
            }
        });
        table.rawset("foreach", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                LuaTable tt = t.checktable();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = tt.next(k);
                    if ((k = n.arg1()).isnil()) {
                        return LuaValue.NIL;
                    }
                    LuaValue r = f.call(k, n.arg(2));
                    if (!r.isnil()) {
                        return r;
                    }
                }
            }
        });
        table.rawset("foreachi", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                LuaTable tt = t.checktable();
                int n = tt.length();
                for (int i = 1; i <= n; i++) {
                    LuaValue r = f.call(LuaValue.valueOf(i), tt.get(i));
                    if (!r.isnil()) {
                        return r;
                    }
                }
                return LuaValue.NIL;
            }
        });
        math.rawset("mod", math.get("fmod"));
        math.rawset("log10", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log10(x.checkdouble()));
            }
        });
        math.rawset("log", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log(x.checkdouble()));
            }
        });
        string.rawset("gfind", string.get("gmatch"));
        string.rawset("format", new StringFormat());
    }

    /** Lua 5.1's {@code loadstring(s [, chunkname])}: nil and the message on a syntax error. */
    static final class LoadString extends VarArgFunction {
        private final Globals g;

        LoadString(Globals g) {
            this.g = g;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue s = args.checkstring(1);
            String chunk = args.optjstring(2, LuaToReply.latin1(s));
            try {
                return g.load(new ByteArrayInputStream(LuaToReply.bytes(s)), chunk, "t", g);
            } catch (LuaError e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(LuaErrors.compileMessage(e)));
            }
        }
    }
}
