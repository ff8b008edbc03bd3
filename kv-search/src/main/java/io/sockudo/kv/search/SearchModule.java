package io.sockudo.kv.search;

import io.sockudo.kv.search.cmd.IndexCommands;
import io.sockudo.kv.search.cmd.QueryCommands;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/**
 * The search family: RediSearch 2.x compatible FT.* commands over hashes and JSON documents
 * (read through the SPI's DocumentView), indexes kept current by a keyspace listener, queries
 * evaluated off the event loop.
 */
public final class SearchModule implements KvModule {
    @Override
    public String name() {
        return "search";
    }

    @Override
    public int version() {
        return 20810;
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        SearchFamily family = new SearchFamily(registry.background());
        registry.keyspaceListener(family.indexes);
        IndexCommands.register(registry, family);
        QueryCommands.register(registry, family);
        io.sockudo.kv.search.cmd.DictCommands.register(registry, family);
        io.sockudo.kv.search.cmd.ConfigCommand.register(registry, family);
        io.sockudo.kv.search.cmd.SuggestCommands.register(registry);
        // index definitions and dictionaries live outside the keyspace: saved as RDB aux data
        registry.auxData(new io.sockudo.kv.search.persist.IndexDefinitions(family));
        registry.auxData(new io.sockudo.kv.search.persist.Dictionaries(family));
    }
}
