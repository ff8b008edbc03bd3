package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;

/** Creates Lua worlds whose scripts run commands through the kernel's table and runner. */
public final class ScriptWorlds {
    private final CommandTable table;
    private final CommandRunner runner;
    private final ExecutionEnvironment env;

    public ScriptWorlds(CommandTable table, CommandRunner runner, ExecutionEnvironment env) {
        this.table = table;
        this.runner = runner;
        this.env = env;
    }

    LuaWorld newWorld() {
        return new LuaWorld(new ScriptCaller(table, runner, env), ScriptLibrariesInstaller::install);
    }
}
