package io.sockudo.kv.search;

import io.sockudo.kv.search.exec.DocLoader;
import io.sockudo.kv.search.index.Indexes;
import io.sockudo.kv.spi.BackgroundWork;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state the search commands share: the indexes and their aliases, the configuration,
 * the spell-check dictionaries, cursors, and the kernel's background threads.
 */
public final class SearchFamily {
    public final SearchConfig config = new SearchConfig();
    public final Indexes indexes;
    public final BackgroundWork background;
    public final DocLoader loader;
    /** FT.DICTADD dictionaries by name. */
    public final Map<String, TreeSet<String>> dictionaries = new ConcurrentHashMap<>();
    public final io.sockudo.kv.search.aggregate.Cursors cursors;

    public SearchFamily(BackgroundWork background) {
        this.background = background;
        this.indexes = new Indexes(background);
        this.loader = new DocLoader(background);
        this.cursors = new io.sockudo.kv.search.aggregate.Cursors(this);
        indexes.onFlushed(() -> {
            cursors.clear();
            dictionaries.clear();
        });
    }
}
