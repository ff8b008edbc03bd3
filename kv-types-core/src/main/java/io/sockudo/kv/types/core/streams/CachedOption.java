package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.ServerConfigView;

/**
 * An integer option read on every XADD: the parsed value is kept with the string it came from
 * and parsed again only when CONFIG SET replaced that string.
 */
final class CachedOption {
    private record Parsed(String text, long value) {
    }

    private final String name;
    private volatile Parsed parsed = new Parsed(null, 0);

    CachedOption(String name) {
        this.name = name;
    }

    long get(ServerConfigView config) {
        String text = config.get(name);
        Parsed p = parsed;
        if (p.text != text) {
            p = new Parsed(text, config.getLong(name));
            parsed = p;
        }
        return p.value;
    }
}
