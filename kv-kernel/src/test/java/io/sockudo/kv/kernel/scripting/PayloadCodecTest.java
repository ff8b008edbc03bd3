package io.sockudo.kv.kernel.scripting;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CRC-64, LZF and the FUNCTION DUMP payload (the byte-for-byte match with redis-server is in functions.txt). */
class PayloadCodecTest {
    @Test
    void crc64IsRedisJonesCrc() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(0, check, 0, check.length));
    }

    @Test
    void lzfRoundTripsAndRefusesWhatDoesNotShrink() {
        Random r = new Random(7);
        for (int n = 1; n < 3000; n += 37) {
            byte[] in = new byte[n];
            for (int i = 0; i < n; i++) {
                in[i] = (byte) ('a' + r.nextInt(i % 3 == 0 ? 3 : 20));
            }
            byte[] c = Lzf.compress(in, n + 64);
            assertArrayEquals(in, Lzf.decompress(c, n), "length " + n);
        }
        byte[] random = new byte[100];
        r.nextBytes(random);
        assertNull(Lzf.compress(random, random.length - 4));
        assertNull(Lzf.decompress(new byte[] {(byte) 0xe0, 5}, 10), "a back reference before the start");
    }

    @Test
    void payloadRoundTripAndChecks() {
        byte[] code = ("#!lua name=lib\nredis.register_function('f', function() return 'aaaaaaaaaaaaaaaaaaaa"
                + "aaaaaaaaaaaaaaaaa' end)").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = FunctionPayload.dump(List.of(code, "#!lua name=x\n".getBytes(StandardCharsets.US_ASCII)));
        List<byte[]> back = FunctionPayload.parse(payload);
        assertArrayEquals(code, back.get(0));
        assertEquals("#!lua name=x\n", new String(back.get(1), StandardCharsets.US_ASCII));
        payload[3] ^= 1;
        assertEquals(FunctionPayload.BAD_PAYLOAD,
                assertThrows(ScriptException.class, () -> FunctionPayload.parse(payload)).getMessage());
        assertThrows(ScriptException.class, () -> FunctionPayload.parse(new byte[3]));
    }
}
