package io.sockudo.kv.search.aggregate;

import java.util.List;

/** The rows an aggregation produced: each a list of (name, value) pairs in output order. */
public final class AggregateResult {
    /** One output row. */
    public record Row(List<String> names, List<Object> values) {
    }

    public final long total;
    public final List<Row> rows;

    public AggregateResult(long total, List<Row> rows) {
        this.total = total;
        this.rows = rows;
    }
}
