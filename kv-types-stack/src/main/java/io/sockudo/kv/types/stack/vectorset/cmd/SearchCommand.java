package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.vectorset.VectorSet;
import io.sockudo.kv.types.stack.vectorset.filter.FilterExpr;
import io.sockudo.kv.types.stack.vectorset.filter.FilterSyntaxException;
import io.sockudo.kv.types.stack.vectorset.filter.Strtod;
import io.sockudo.kv.types.stack.vectorset.hnsw.Query;
import io.sockudo.kv.types.stack.vectorset.hnsw.VectorMath;

/**
 * {@code VSIM key (ELE element | FP32 blob | VALUES n v...) [WITHSCORES] [WITHATTRIBS]
 * [COUNT n] [EPSILON d] [EF n] [FILTER expr] [FILTER-EF n] [TRUTH] [NOTHREAD]}.
 *
 * <p>The search runs on a worker thread under the set's read lock (so many clients search one
 * set at once, while writers wait for the searches in progress), except with {@code NOTHREAD}
 * and inside MULTI/EXEC and scripts, where it runs on the spot like Redis. The exploration
 * factor is {@code EF} (default 100) but at least {@code COUNT} (default 10) and at most the set's
 * size; {@code FILTER-EF} defaults to {@code COUNT * 100} expanded candidates.
 */
final class SearchCommand {
    private static final long DEFAULT_EF = 100;
    private static final long DEFAULT_COUNT = 10;

    private SearchCommand() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.read("vsim", -4, false, SearchCommand::vsim)
                .summary("Return elements by vector similarity")
                .args(Specs.key(),
                        ArgSpec.oneOf("format", ArgSpec.pureToken("ele", "ELE"), ArgSpec.pureToken("fp32", "FP32"),
                                ArgSpec.pureToken("values", "VALUES")),
                        ArgSpec.string("vector_or_element"),
                        ArgSpec.pureToken("withscores", "WITHSCORES").optional(),
                        ArgSpec.pureToken("withattribs", "WITHATTRIBS").optional(),
                        ArgSpec.integer("count").token("COUNT").optional(),
                        ArgSpec.doubleArg("max_distance").token("EPSILON").optional(),
                        ArgSpec.integer("search-exploration-factor").token("EF").optional(),
                        ArgSpec.string("expression").token("FILTER").optional(),
                        ArgSpec.integer("max-filtering-effort").token("FILTER-EF").optional(),
                        ArgSpec.pureToken("truth", "TRUTH").optional(),
                        ArgSpec.pureToken("nothread", "NOTHREAD").optional())
                .build());
    }

    static void vsim(CommandContext ctx) {
        KvValue value = ctx.db().read(ctx.arg(1));
        if (value == null) {
            ctx.reply().array(0);
            return;
        }
        if (!(value instanceof VectorSet)) {
            ctx.reply().wrongType();
            return;
        }
        VectorSet set = (VectorSet) value;

        // --- the query vector ---
        float[] vec;
        int vectorArgs;
        if (Args.is(ctx.arg(2), "ELE")) {
            int slot = set.slotOf(ctx.arg(3));
            if (slot < 0) {
                throw new KvException("ERR element not found in set");
            }
            // as Redis: the element's approximate vector, normalised and quantised again
            vec = set.vectorOf(slot);
            vectorArgs = 2;
        } else {
            VectorArgs va = VectorArgs.parse(ctx, 2, false);
            if (va == null) {
                throw new KvException("ERR invalid vector specification");
            }
            vec = va.vector;
            vectorArgs = va.consumed;
            float[] projection = set.projection();
            if (projection != null && vec.length != set.dim()) {
                if (vec.length != set.projectionInputDim()) {
                    throw new KvException("ERR Input dimension mismatch for projection - got " + vec.length
                            + " but projection expects " + set.projectionInputDim());
                }
                vec = VectorMath.project(vec, projection, set.projectionInputDim(), set.dim());
            }
        }
        if (vec.length != set.dim()) {
            throw new KvException("ERR Vector dimension mismatch - got " + vec.length + " but set has " + set.dim());
        }

        // --- options ---
        boolean withScores = false;
        boolean withAttribs = false;
        boolean truth = false;
        boolean noThread = false;
        long count = DEFAULT_COUNT;
        long ef = 0;
        double epsilon = 2.0;
        long filterEf = 0;
        FilterExpr filter = null;
        int argc = ctx.argc();
        for (int j = 2 + vectorArgs; j < argc; ) {
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "WITHSCORES")) {
                withScores = true;
                j++;
            } else if (Args.is(opt, "WITHATTRIBS")) {
                withAttribs = true;
                j++;
            } else if (Args.is(opt, "TRUTH")) {
                truth = true;
                j++;
            } else if (Args.is(opt, "NOTHREAD")) {
                noThread = true;
                j++;
            } else if (Args.is(opt, "COUNT") && j + 1 < argc) {
                count = longArg(ctx.arg(j + 1), "ERR invalid COUNT");
                if (count <= 0) {
                    throw new KvException("ERR invalid COUNT");
                }
                j += 2;
            } else if (Args.is(opt, "EPSILON") && j + 1 < argc) {
                epsilon = Strtod.redisArg(ctx.arg(j + 1));
                if (Double.isNaN(epsilon) || epsilon <= 0) {
                    throw new KvException("ERR invalid EPSILON");
                }
                j += 2;
            } else if (Args.is(opt, "EF") && j + 1 < argc) {
                ef = longArg(ctx.arg(j + 1), "ERR invalid EF");
                if (ef <= 0 || ef > 1_000_000) {
                    throw new KvException("ERR invalid EF");
                }
                j += 2;
            } else if (Args.is(opt, "FILTER-EF") && j + 1 < argc) {
                filterEf = longArg(ctx.arg(j + 1), "ERR invalid FILTER-EF");
                if (filterEf <= 0) {
                    throw new KvException("ERR invalid FILTER-EF");
                }
                j += 2;
            } else if (Args.is(opt, "FILTER") && j + 1 < argc) {
                byte[] expr = ctx.arg(j + 1);
                try {
                    filter = FilterExpr.compile(expr);
                } catch (FilterSyntaxException e) {
                    String text = Args.cString(expr);
                    int pos = e.position >= text.length() ? 0 : e.position;
                    throw new KvException("ERR syntax error in FILTER expression near: " + text.substring(pos));
                }
                j += 2;
            } else {
                throw new KvException("ERR syntax error in VSIM command");
            }
        }
        if (filterEf == 0) {
            filterEf = count > Integer.MAX_VALUE / 100 ? Integer.MAX_VALUE : count * 100;
        }
        if (ef == 0) {
            ef = DEFAULT_EF;
        }
        if (count > ef) {
            ef = count;
        }

        Query q = set.query(vec);
        int searchEf = (int) Math.min(ef, Integer.MAX_VALUE);
        int maxCandidates = (int) Math.min(filterEf, Integer.MAX_VALUE);
        float eps = (float) epsilon;
        boolean scores = withScores;
        boolean attribs = withAttribs;
        boolean exact = truth;
        long n = count;
        FilterExpr f = filter;
        if (noThread || !ctx.canBlock()) {
            reply(ctx, set.search(q, searchEf, n, eps, f, maxCandidates, exact, attribs, false), scores, attribs);
            return;
        }
        ctx.offload(() -> set.search(q, searchEf, n, eps, f, maxCandidates, exact, attribs, true),
                (c, hits) -> reply(c, hits, scores, attribs));
    }

    /**
     * RESP2: a flat array (element, [score], [attributes]...). RESP3 with scores or attributes:
     * a map from element to its score, its attributes, or both as a two-item array.
     */
    static void reply(CommandContext ctx, VectorSet.Hits hits, boolean withScores, boolean withAttribs) {
        ReplyWriter r = ctx.reply();
        boolean resp3 = r.protocol() == 3;
        int n = hits.count;
        if (resp3 && (withScores || withAttribs)) {
            r.map(n);
        } else {
            r.array(n * (1 + (withScores ? 1 : 0) + (withAttribs ? 1 : 0)));
        }
        for (int i = 0; i < n; i++) {
            r.bulk(hits.names[i]);
            if (resp3 && withScores && withAttribs) {
                r.array(2);
            }
            if (withScores) {
                Doubles.reply(r, 1.0 - hits.dists[i] / 2.0);
            }
            if (withAttribs) {
                byte[] a = hits.attrs[i];
                if (a == null) {
                    r.nullBulk();
                } else {
                    r.bulk(a);
                }
            }
        }
    }

    private static long longArg(byte[] b, String error) {
        if (!Args.isLong(b)) {
            throw new KvException(error);
        }
        return Args.parseLongUnchecked(b, 0, b.length);
    }
}
