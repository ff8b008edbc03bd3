package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.KernelHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Command lookup by name bytes: any ASCII case finds the command, nothing else does. */
class CommandTableTest {
    private final CommandTable table = new KernelHarness().kernel.commands();

    @Test
    void everyCommandIsFoundInAnyCase() {
        for (RegisteredCommand c : table.all()) {
            String name = c.spec().name();
            assertSame(c, table.lookup(bytes(name)), name);
            assertSame(c, table.lookup(bytes(name.toUpperCase(Locale.ROOT))), name);
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                mixed.append(i % 2 == 0 ? Character.toUpperCase(ch) : ch);
            }
            assertSame(c, table.lookup(bytes(mixed.toString())), mixed.toString());
        }
    }

    /**
     * Names one byte away from a command by bit 0x20 (which lower-cases only letters: '_' is not
     * DEL, '-' is not CR) or by a trailing NUL are not that command.
     */
    @Test
    void nearMissesAreNotFound() {
        Set<String> names = new HashSet<>();
        for (RegisteredCommand c : table.all()) {
            names.add(c.spec().name());
        }
        for (String name : names) {
            byte[] b = bytes(name);
            for (int i = 0; i < b.length; i++) {
                if (Character.isLetter(b[i])) {
                    continue;
                }
                byte[] m = b.clone();
                m[i] ^= 0x20;
                if (!names.contains(new String(m, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT))) {
                    assertNull(table.lookup(m), Arrays.toString(m));
                }
            }
            byte[] nul = Arrays.copyOf(b, b.length + 1);
            assertNull(table.lookup(nul), name + "\\0");
            byte[] high = b.clone();
            high[0] |= (byte) 0x80;
            assertNull(table.lookup(high), name + " with a high bit");
        }
        assertNull(table.lookup(new byte[0]));
        assertNull(table.lookup(bytes("nosuchcommand")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
