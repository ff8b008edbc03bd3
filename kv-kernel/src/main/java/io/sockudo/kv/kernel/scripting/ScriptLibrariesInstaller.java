package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaTable;

/** Installs the libraries Redis gives scripts besides Lua's own: bit, cjson, cmsgpack, struct. */
final class ScriptLibrariesInstaller {
    private ScriptLibrariesInstaller() {
    }

    static void install(LuaTable globals) {
        globals.rawset("bit", BitLib.create());
        globals.rawset("cjson", CjsonLib.create());
        globals.rawset("cmsgpack", CmsgpackLib.create());
        globals.rawset("struct", StructLib.create());
    }
}
