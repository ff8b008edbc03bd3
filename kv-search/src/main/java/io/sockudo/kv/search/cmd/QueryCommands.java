package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.aggregate.AggregateExecutor;
import io.sockudo.kv.search.aggregate.AggregateReply;
import io.sockudo.kv.search.aggregate.AggregateResult;
import io.sockudo.kv.search.aggregate.Cursors;
import io.sockudo.kv.search.exec.SearchExecutor;
import io.sockudo.kv.search.exec.SearchRequest;
import io.sockudo.kv.search.exec.SpellCheck;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.query.Explain;
import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.search.query.QueryParser;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Queries: FT.SEARCH, FT.AGGREGATE (and FT.CURSOR), FT.EXPLAIN, FT.EXPLAINCLI, FT.PROFILE,
 * FT.SPELLCHECK. Parsing happens on the event loop (errors are replied at once), evaluation on a
 * kernel worker ({@code offload}), the reply back on the connection.
 */
public final class QueryCommands {
    private final SearchFamily family;

    private QueryCommands(SearchFamily family) {
        this.family = family;
    }

    public static void register(ModuleRegistry r, SearchFamily family) {
        QueryCommands c = new QueryCommands(family);
        r.command(Specs.read("ft.search", -3, "Searches the index with a textual query, returning either documents "
                + "or just ids", "1.0.0", c::search).complexity("O(N)").build());
        r.command(Specs.read("ft.aggregate", -3, "Run a search query on an index and perform aggregate "
                + "transformations on the results", "1.1.0", c::aggregate).complexity("O(1)").build());
        r.command(Specs.read("ft.cursor", -4, "Reads from or deletes a cursor", "1.1.0", c::cursor)
                .complexity("O(1)").build());
        r.command(Specs.read("ft.explain", -3, "Returns the execution plan for a complex query", "1.0.0", c::explain)
                .complexity("O(1)").build());
        r.command(Specs.read("ft.explaincli", -3, "Returns the execution plan for a complex query", "1.0.0",
                c::explainCli).complexity("O(1)").build());
        r.command(Specs.read("ft.profile", -5, "Performs a `FT.SEARCH` or `FT.AGGREGATE` command and collects "
                + "performance information", "2.2.0", c::profile).complexity("O(N)").build());
        r.command(Specs.read("ft.spellcheck", -3, "Performs spelling correction on a query, returning suggestions "
                + "for misspelled terms", "1.4.0", c::spellcheck).complexity("O(1)").build());
    }

    // ------------------------------------------------------------------ FT.SEARCH

    private void search(CommandContext ctx) {
        SearchExecutor ex = SearchExecutor.prepare(family, ctx.argv(), ctx.argc());
        ctx.offload(ex::run, (c, res) -> ex.reply(c.reply(), res));
    }

    // ------------------------------------------------------------------ FT.AGGREGATE, FT.CURSOR

    private void aggregate(CommandContext ctx) {
        AggregateExecutor ex = AggregateExecutor.prepare(family, ctx.argv(), ctx.argc());
        ctx.offload(ex::run, (c, out) -> {
            if (out.error() != null) {
                c.reply().error(out.error());
                return;
            }
            AggregateResult res = out.result();
            if (!ex.req.withCursor) {
                AggregateReply.write(c.reply(), res, 0, res.rows.size(), 0, false);
                return;
            }
            int n = (int) Math.min(res.rows.size(), ex.req.cursorCount);
            if (n >= res.rows.size()) {
                AggregateReply.write(c.reply(), res, 0, n, 0, true);
                return;
            }
            Cursors.Cursor cur = family.cursors.create(ex.indexName(), res, ex.req.cursorCount, ex.req.cursorMaxIdle);
            cur.position = n;
            AggregateReply.write(c.reply(), res, 0, n, cur.id, true);
        });
    }

    private void cursor(CommandContext ctx) {
        String sub = new String(ctx.arg(1), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        String index = new String(ctx.arg(2), StandardCharsets.UTF_8);
        long id;
        try {
            id = Long.parseLong(new String(ctx.arg(3), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new KvException("Bad cursor ID");
        }
        switch (sub) {
            case "READ" -> {
                long count = -1;
                if (ctx.argc() > 4) {
                    if (!ArgCursor.equalsIgnoreCase(ctx.arg(4), "COUNT") || ctx.argc() < 6) {
                        throw new KvException("Bad arguments for COUNT: Expected an argument, but none provided");
                    }
                    try {
                        count = Long.parseLong(new String(ctx.arg(5), StandardCharsets.UTF_8));
                    } catch (NumberFormatException e) {
                        throw new KvException("Bad arguments for COUNT: Could not convert argument to expected type");
                    }
                }
                Cursors.Cursor cur = family.cursors.get(index, id);
                if (cur == null) {
                    throw new KvException("Cursor not found, id: " + id);
                }
                cur.lastUsed = System.currentTimeMillis();
                long chunk = count > 0 ? count : cur.chunk;
                int from = cur.position;
                int to = (int) Math.min(cur.result.rows.size(), from + chunk);
                cur.position = to;
                boolean done = to >= cur.result.rows.size();
                if (done) {
                    family.cursors.remove(cur.id);
                }
                AggregateReply.write(ctx.reply(), cur.result, from, to, done ? 0 : cur.id, true);
            }
            case "DEL" -> {
                if (!family.cursors.delete(index, id)) {
                    throw new KvException("Cursor does not exist");
                }
                ctx.reply().ok();
            }
            case "GC" -> ctx.reply().integer(-1);
            default -> throw new KvException("Unknown subcommand");
        }
    }

    // ------------------------------------------------------------------ FT.EXPLAIN

    private String explainText(CommandContext ctx) {
        String name = new String(ctx.arg(1), StandardCharsets.UTF_8);
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException(name + ": no such index");
        }
        SearchRequest req = SearchRequest.parse(ctx.argv(), ctx.argc(), family.config);
        QueryNode root = QueryParser.parse(req.query, idx.spec,
                req.noStopWords ? io.sockudo.kv.search.text.StopWords.NONE : idx.spec.stopWords, req.params);
        return Explain.of(root, idx.spec, req.verbatim);
    }

    private void explain(CommandContext ctx) {
        ctx.reply().bulk(explainText(ctx));
    }

    private void explainCli(CommandContext ctx) {
        String text = explainText(ctx);
        String[] lines = text.split("\n", -1);
        ctx.reply().array(lines.length);
        for (String l : lines) {
            ctx.reply().bulk(l);
        }
    }

    // ------------------------------------------------------------------ FT.PROFILE

    private void profile(CommandContext ctx) {
        String type = new String(ctx.arg(2), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        int q = 3;
        boolean limited = false;
        if (ArgCursor.equalsIgnoreCase(ctx.arg(q), "LIMITED")) {
            limited = true;
            q++;
        }
        if (q >= ctx.argc() || !ArgCursor.equalsIgnoreCase(ctx.arg(q), "QUERY")) {
            throw new KvException("The QUERY keyword is expected");
        }
        // the wrapped command: FT.<type> index query args...
        byte[][] argv = new byte[ctx.argc() - q + 1][];
        argv[0] = ("FT." + type).getBytes(StandardCharsets.UTF_8);
        argv[1] = ctx.arg(1);
        System.arraycopy(ctx.argv(), q + 1, argv, 2, ctx.argc() - q - 1);
        long start = System.nanoTime();
        switch (type) {
            case "SEARCH" -> {
                SearchExecutor ex = SearchExecutor.prepare(family, argv, argv.length);
                long parsed = System.nanoTime();
                boolean lim = limited;
                ctx.offload(() -> {
                    SearchExecutor.Result r = ex.run();
                    return new Object[] {r, System.nanoTime()};
                }, (c, o) -> {
                    SearchExecutor.Result r = (SearchExecutor.Result) o[0];
                    if (ex.failed(r)) {
                        ex.reply(c.reply(), r);
                        return;
                    }
                    boolean r3 = c.reply().protocol() == 3;
                    if (r3) {
                        c.reply().map(2);
                        c.reply().simple("Results");
                    } else {
                        c.reply().array(2);
                    }
                    ex.reply(c.reply(), r);
                    if (r3) {
                        c.reply().simple("Profile");
                    }
                    Profile.write(c.reply(), ex.root(), ex.profileCounts(), ex.profileTerms(), start, parsed,
                            (long) o[1], lim, ex.resultCount(r), !ex.request().noContent);
                });
            }
            case "AGGREGATE" -> {
                AggregateExecutor ex = AggregateExecutor.prepare(family, argv, argv.length);
                long parsed = System.nanoTime();
                boolean lim = limited;
                ctx.offload(() -> new Object[] {ex.run(), System.nanoTime()}, (c, o) -> {
                    AggregateExecutor.Outcome out = (AggregateExecutor.Outcome) o[0];
                    if (out.error() != null) {
                        c.reply().error(out.error());
                        return;
                    }
                    boolean r3 = c.reply().protocol() == 3;
                    if (r3) {
                        c.reply().map(2);
                        c.reply().simple("Results");
                    } else {
                        c.reply().array(2);
                    }
                    AggregateReply.write(c.reply(), out.result(), 0, out.result().rows.size(), 0, false);
                    if (r3) {
                        c.reply().simple("Profile");
                    }
                    Profile.write(c.reply(), ex.root(), ex.profileCounts(), ex.profileTerms(), start, parsed,
                            (long) o[1], lim, out.result().rows.size(), false);
                });
            }
            default -> throw new KvException("No `SEARCH` or `AGGREGATE` provided");
        }
    }

    // ------------------------------------------------------------------ FT.SPELLCHECK

    private void spellcheck(CommandContext ctx) {
        SpellCheck sc = SpellCheck.prepare(family, ctx.argv(), ctx.argc());
        ctx.offload(sc::run, (c, res) -> sc.reply(c.reply(), res));
    }

    static byte[][] copy(byte[][] a, int n) {
        return Arrays.copyOf(a, n);
    }
}
