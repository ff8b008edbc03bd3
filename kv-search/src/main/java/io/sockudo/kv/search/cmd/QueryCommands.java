package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.exec.SearchExecutor;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ModuleRegistry;

/** FT.SEARCH (and later FT.AGGREGATE, FT.EXPLAIN, FT.PROFILE, FT.SPELLCHECK, FT.CURSOR). */
public final class QueryCommands {
    private final SearchFamily family;

    private QueryCommands(SearchFamily family) {
        this.family = family;
    }

    public static void register(ModuleRegistry r, SearchFamily family) {
        QueryCommands c = new QueryCommands(family);
        r.command(Specs.read("ft.search", -3, "Searches the index with a textual query, returning either documents "
                + "or just ids", "1.0.0", c::search).complexity("O(N)").build());
    }

    private void search(CommandContext ctx) {
        SearchExecutor ex = SearchExecutor.prepare(family, ctx.argv(), ctx.argc());
        ctx.offload(ex::run, (c, res) -> ex.reply(c.reply(), res));
    }
}
