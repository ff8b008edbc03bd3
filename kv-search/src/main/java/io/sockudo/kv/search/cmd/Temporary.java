package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.index.SearchIndex;

/**
 * FT.CREATE ... TEMPORARY seconds: the index is dropped after that long without a search or an
 * indexed write (its documents stay; RediSearch's temporary indexes drop their records).
 */
final class Temporary {
    private Temporary() {
    }

    static void watch(SearchFamily family, SearchIndex idx) {
        long ttl = idx.spec.temporarySeconds * 1000;
        schedule(family, idx, ttl);
    }

    private static void schedule(SearchFamily family, SearchIndex idx, long delay) {
        if (family.background == null) {
            return;
        }
        family.background.schedule(() -> {
            if (idx.dropped()) {
                return;
            }
            long ttl = idx.spec.temporarySeconds * 1000;
            long idle = System.currentTimeMillis() - Math.max(idx.lastUsed, idx.lastWrite());
            if (idle >= ttl) {
                family.indexes.remove(idx);
                family.cursors.dropIndex(idx.spec.name);
            } else {
                schedule(family, idx, ttl - idle);
            }
        }, Math.max(1, delay));
    }
}
