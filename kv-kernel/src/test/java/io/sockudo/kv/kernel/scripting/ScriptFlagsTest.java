package io.sockudo.kv.kernel.scripting;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shebang parsing, number printing and error rewriting, the pieces with Redis's exact texts. */
class ScriptFlagsTest {
    private static ScriptFlags.Shebang parse(String body) {
        return ScriptFlags.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shebangs() {
        assertEquals(ScriptFlags.EVAL_COMPAT, parse("return 1").flags());
        assertEquals(0, parse("#!lua\nreturn 1").flags());
        assertEquals(5, parse("#!lua\nreturn 1").bodyOffset());
        assertEquals(ScriptFlags.NO_WRITES | ScriptFlags.ALLOW_OOM, parse("#!lua flags=no-writes,allow-oom\n").flags());
        assertEquals("ERR Unexpected flag in script shebang: x",
                assertThrows(ScriptException.class, () -> parse("#!lua flags=x\n")).getMessage());
        assertEquals("ERR Unknown lua shebang option: a=b",
                assertThrows(ScriptException.class, () -> parse("#!lua a=b\n")).getMessage());
        assertEquals("ERR Unexpected engine in script shebang: #!js",
                assertThrows(ScriptException.class, () -> parse("#!js\n")).getMessage());
        assertEquals("ERR Invalid script shebang",
                assertThrows(ScriptException.class, () -> parse("#!lua")).getMessage());
    }

    @Test
    void luaPrintsNumbersWithFourteenDigits() {
        assertEquals("0.33333333333333", LuaNumbers.g14(1.0 / 3));
        assertEquals("1e+15", LuaNumbers.g14(1e15));
        assertEquals("1e+14", LuaNumbers.g14(99999999999999.99));
        assertEquals("12345678901234", LuaNumbers.g14(12345678901234.0));
        assertEquals("1e-05", LuaNumbers.g14(0.00001));
        assertEquals("-inf", LuaNumbers.g14(Double.NEGATIVE_INFINITY));
        assertEquals("-nan", LuaNumbers.g14(0.0 / 0.0));
        assertEquals("12", new String(LuaNumbers.argument(12), StandardCharsets.US_ASCII));
        assertEquals("0.10000000000000001", new String(LuaNumbers.argument(0.1), StandardCharsets.US_ASCII));
    }

    @Test
    void luajMessagesInLua51Words() {
        assertEquals("attempt to perform arithmetic on a nil value", LuaErrors.translate("attempt to perform arithmetic on nil"));
        assertEquals("attempt to perform arithmetic on a table value",
                LuaErrors.translate("attempt to perform arithmetic add on number and table"));
        assertEquals("attempt to index a nil value", LuaErrors.translate("attempt to index ? (a nil value)"));
        assertEquals("attempt to call a nil value", LuaErrors.translate("attempt to call nil"));
        assertEquals("attempt to compare two table values",
                LuaErrors.translate("attempt to compare __lt on table and table"));
        assertEquals("[string \"x=1\"]", LuaErrors.chunkId("x=1"));
        assertEquals("user_script", LuaErrors.chunkId("@user_script"));
        assertEquals("[string \"line one...\"]", LuaErrors.chunkId("line one\nline two"));
    }

    @Test
    void errorTextsOfRedisErrorReply() {
        assertEquals("My Error", RedisApi.errorText("-My Error"));
        assertEquals("ERR x", RedisApi.errorText("-x"));
        assertEquals("ERR  ", RedisApi.errorText("-ERR  \r\n"));
        assertEquals(0x07000f, RedisApi.versionNum("7.0.15"));
    }
}
