package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.DocumentView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A hash seen through the SPI's {@link DocumentView}, as the search family reads it. */
class HashDocumentViewTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void selectsOneFieldByName() {
        HashValue h = new HashValue();
        byte[] blob = {0, (byte) 0x80, 0x3f, -1};
        h.set(b("title"), b("héllo"), 0, b("héllo").length, Entries.NO_TTL, 128, 64);
        h.set(b("vec"), blob, 0, blob.length, Entries.NO_TTL, 128, 64);
        DocumentView view = h;
        assertEquals(DocumentView.HASH, view.documentKind());
        assertArrayEquals(b("héllo"), (byte[]) view.select("title").get(0));
        assertArrayEquals(blob, (byte[]) view.select("vec").get(0));
        assertEquals(List.of(), view.select("missing"));
    }

    @Test
    void expiredFieldIsNotSelected() {
        HashValue h = new HashValue();
        h.set(b("f"), b("v"), 0, 1, 1, 128, 64); // expired since 1970
        assertEquals(List.of(), h.select("f"));
    }
}
