package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.SearchFamily;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * FT.AGGREGATE WITHCURSOR cursors: the remaining rows of an aggregation, read in chunks with
 * FT.CURSOR READ and dropped by FT.CURSOR DEL, by exhaustion, or after MAXIDLE milliseconds
 * without a read.
 */
public final class Cursors {
    /** One open cursor. */
    public static final class Cursor {
        public final long id;
        public final String index;
        public final AggregateResult result;
        public int position;
        public final long chunk;
        public final long maxIdle;
        public volatile long lastUsed;

        Cursor(long id, String index, AggregateResult result, long chunk, long maxIdle) {
            this.id = id;
            this.index = index;
            this.result = result;
            this.chunk = chunk;
            this.maxIdle = maxIdle;
            this.lastUsed = System.currentTimeMillis();
        }
    }

    private final Map<Long, Cursor> open = new ConcurrentHashMap<>();
    private final SearchFamily family;

    public Cursors(SearchFamily family) {
        this.family = family;
    }

    public Cursor create(String index, AggregateResult result, long chunk, long maxIdle) {
        purgeIdle();
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        } while (open.containsKey(id));
        Cursor c = new Cursor(id, index, result, chunk, maxIdle);
        open.put(id, c);
        return c;
    }

    /** The cursor of {@code index} with {@code id}, or null. */
    public Cursor get(String index, long id) {
        purgeIdle();
        Cursor c = open.get(id);
        return c != null && c.index.equals(index) ? c : null;
    }

    public boolean delete(String index, long id) {
        Cursor c = open.get(id);
        if (c == null || !c.index.equals(index)) {
            return false;
        }
        open.remove(id);
        return true;
    }

    public void remove(long id) {
        open.remove(id);
    }

    /** Drops every cursor of {@code index} (FT.DROPINDEX). */
    public void dropIndex(String index) {
        open.values().removeIf(c -> c.index.equals(index));
    }

    public void clear() {
        open.clear();
    }

    public int count(String index) {
        int n = 0;
        for (Cursor c : open.values()) {
            if (c.index.equals(index)) {
                n++;
            }
        }
        return n;
    }

    public int total() {
        return open.size();
    }

    private void purgeIdle() {
        long now = System.currentTimeMillis();
        for (Iterator<Cursor> it = open.values().iterator(); it.hasNext(); ) {
            Cursor c = it.next();
            if (now - c.lastUsed > c.maxIdle) {
                it.remove();
            }
        }
    }

    SearchFamily family() {
        return family;
    }
}
