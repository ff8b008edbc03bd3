package io.sockudo.kv.kernel.scripting;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which scripts may run on the calling event loop: only those that cannot run long in Lua. */
class StraightLineTest {
    private static LuaValue compile(String source) {
        Globals g = new Globals();
        LoadState.install(g);
        LuaC.install(g);
        return g.load(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "@t", "t", g);
    }

    @Test
    void straightLineScripts() {
        assertTrue(StraightLine.of(compile("return redis.call('incr', KEYS[1])")));
        assertTrue(StraightLine.of(compile("local v = redis.call('get', KEYS[1]) if v then return v else return 0 end")));
        assertTrue(StraightLine.of(compile("return cjson.encode({a = ARGV[1], b = {1, 2}})")));
    }

    @Test
    void loopsFunctionsAndNewCodeAreNot() {
        assertFalse(StraightLine.of(compile("while true do end")));
        assertFalse(StraightLine.of(compile("repeat local x = 1 until false")));
        assertFalse(StraightLine.of(compile("for i = 1, 10 do redis.call('incr', 'k') end")));
        assertFalse(StraightLine.of(compile("for _, k in ipairs(KEYS) do redis.call('del', k) end")));
        assertFalse(StraightLine.of(compile("::top:: goto top")));
        assertFalse(StraightLine.of(compile("local function f() return 1 end return f()")));
        assertFalse(StraightLine.of(compile("return loadstring('while true do end')()")));
        assertFalse(StraightLine.of(compile("return _G['loadstring']")));
        assertFalse(StraightLine.of(compile("return pcall(load, 'x')")));
    }
}
