package io.sockudo.kv.kernel.commands.module;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LoadexArgsTest {
    private static LoadexArgs parse(String... words) {
        byte[][] argv = new byte[words.length + 3][];
        argv[0] = "MODULE".getBytes(StandardCharsets.UTF_8);
        argv[1] = "LOADEX".getBytes(StandardCharsets.UTF_8);
        argv[2] = "/p.jar".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < words.length; i++) {
            argv[i + 3] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return LoadexArgs.parse(argv, 3);
    }

    @Test
    void nothingAfterThePath() {
        LoadexArgs a = parse();
        assertNull(a.error());
        assertEquals(Map.of(), a.configs());
        assertEquals(List.of(), a.args());
    }

    @Test
    void configsThenArgsTakingTheRest() {
        LoadexArgs a = parse("CONFIG", "m.a", "1", "config", "m.b", "2", "Config", "m.a", "3", "ARGS", "x", "CONFIG", "y");
        assertNull(a.error());
        assertEquals(Map.of("m.a", "3", "m.b", "2"), a.configs());
        assertEquals(List.of("x", "CONFIG", "y"), a.args());
        assertEquals(List.of(), parse("args").args());
    }

    @Test
    void errors() {
        assertEquals("CONFIG specified without name value pair", parse("CONFIG", "a").error());
        assertEquals("CONFIG specified without name value pair", parse("CONFIG").error());
        assertEquals("Syntax Error from arguments to loadex around x.", parse("x", "ARGS").error());
        assertEquals("Syntax Error from arguments to loadex around y.", parse("CONFIG", "a", "b", "y").error());
    }
}
