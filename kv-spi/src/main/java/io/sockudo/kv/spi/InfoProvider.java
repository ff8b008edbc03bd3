package io.sockudo.kv.spi;

import java.util.function.BiConsumer;

/** Supplies the fields of one INFO section. */
@FunctionalInterface
public interface InfoProvider {
    /** Emits each field as a name/value pair, in display order. */
    void fields(BiConsumer<String, String> field);
}
