package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.GT;
import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.LT;
import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.NX;
import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.XX;
import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.absoluteMillis;
import static io.sockudo.kv.kernel.commands.keys.ExpireCommands.conditionHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic and the NX/XX/GT/LT rules of the EXPIRE family. */
class ExpireLogicTest {
    private static final long NONE = Keyspace.NO_EXPIRE;

    @Test
    void conditions() {
        assertTrue(conditionHolds(NX, NONE, 100));
        assertFalse(conditionHolds(NX, 50, 100));
        assertTrue(conditionHolds(XX, 50, 100));
        assertFalse(conditionHolds(XX, NONE, 100));
        // no expiry counts as infinite: GT never succeeds, LT always does
        assertFalse(conditionHolds(GT, NONE, Long.MAX_VALUE));
        assertTrue(conditionHolds(LT, NONE, -5));
        assertTrue(conditionHolds(GT, 50, 51));
        assertFalse(conditionHolds(GT, 50, 50));
        assertTrue(conditionHolds(LT, 50, 49));
        assertFalse(conditionHolds(LT, 50, 50));
        assertTrue(conditionHolds(XX | GT, 50, 60));
        assertFalse(conditionHolds(XX | GT, NONE, 60));
        assertTrue(conditionHolds(XX | LT, 50, 40));
        assertFalse(conditionHolds(XX | LT, NONE, 40));
    }

    @Test
    void secondsAndMillisecondsWithOverflowChecks() {
        assertEquals(1_000_000 + 5_000, absoluteMillis(5, 1_000_000, true, "expire"));
        assertEquals(1_000_000 + 5, absoluteMillis(5, 1_000_000, false, "pexpire"));
        assertEquals(-1000 + 7, absoluteMillis(-1, 7, true, "expire"));
        assertEquals(Long.MAX_VALUE / 1000 * 1000, absoluteMillis(Long.MAX_VALUE / 1000, 0, true, "expireat"));
        assertEquals(Long.MIN_VALUE, absoluteMillis(Long.MIN_VALUE, 0, false, "pexpireat"));
        KvException e = assertThrows(KvException.class,
                () -> absoluteMillis(Long.MAX_VALUE / 1000 + 1, 0, true, "expire"));
        assertEquals("ERR invalid expire time in 'expire' command", e.getMessage());
        assertThrows(KvException.class, () -> absoluteMillis(Long.MIN_VALUE / 1000 - 1, 0, true, "expire"));
        e = assertThrows(KvException.class, () -> absoluteMillis(Long.MAX_VALUE - 10, 11, false, "pexpire"));
        assertEquals("ERR invalid expire time in 'pexpire' command", e.getMessage());
        assertEquals(Long.MAX_VALUE, absoluteMillis(Long.MAX_VALUE - 10, 10, false, "pexpire"));
    }
}
