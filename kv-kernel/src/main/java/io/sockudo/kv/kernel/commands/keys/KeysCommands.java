package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** Key space commands: DEL UNLINK EXISTS TOUCH TYPE KEYS SCAN RANDOMKEY RENAME RENAMENX COPY EXPIRE* TTL* PERSIST OBJECT. */
public final class KeysCommands {
    private KeysCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
