package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.suggest.SuggestionTrie;
import io.sockudo.kv.search.suggest.SuggestionType;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.search.util.CFormat;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Auto-complete dictionaries: FT.SUGADD, FT.SUGGET, FT.SUGDEL, FT.SUGLEN (keys of type trietype0). */
public final class SuggestCommands {
    private SuggestCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(SuggestionType.INSTANCE);
        r.command(key(CommandSpec.builder("ft.sugadd").arity(-4)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE).acl("write", "slow", Specs.CATEGORY),
                true).summary("Adds a suggestion string to an auto-complete suggestion dictionary").since("1.0.0")
                .complexity("O(1)").handler(SuggestCommands::sugAdd).build());
        r.command(key(CommandSpec.builder("ft.sugget").arity(-3)
                .flags(CommandFlag.READONLY, CommandFlag.MODULE).acl("read", "slow", Specs.CATEGORY), false)
                .summary("Gets completion suggestions for a prefix").since("1.0.0").complexity("O(1)")
                .handler(SuggestCommands::sugGet).build());
        r.command(key(CommandSpec.builder("ft.sugdel").arity(3)
                .flags(CommandFlag.WRITE, CommandFlag.MODULE).acl("write", "slow", Specs.CATEGORY), true)
                .summary("Deletes a string from a suggestion index").since("1.0.0").complexity("O(1)")
                .handler(SuggestCommands::sugDel).build());
        r.command(key(CommandSpec.builder("ft.suglen").arity(2)
                .flags(CommandFlag.READONLY, CommandFlag.MODULE).acl("read", "slow", Specs.CATEGORY), false)
                .summary("Gets the size of an auto-complete suggestion dictionary").since("1.0.0").complexity("O(1)")
                .handler(SuggestCommands::sugLen).build());
    }

    private static CommandSpec.Builder key(CommandSpec.Builder b, boolean write) {
        return b.group("module").keys(1, 1, 1, write ? "RW" : "RO");
    }

    private static SuggestionTrie get(CommandContext ctx, boolean write) {
        KvValue v = write ? ctx.db().get(ctx.arg(1)) : ctx.db().read(ctx.arg(1));
        if (v == null) {
            return null;
        }
        if (!(v instanceof SuggestionTrie t)) {
            throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
        return t;
    }

    private static void sugAdd(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        String text = new String(ctx.arg(2), StandardCharsets.UTF_8);
        Double score = ArgCursor.parseDouble(new String(ctx.arg(3), StandardCharsets.UTF_8));
        if (score == null) {
            throw new KvException("ERR invalid score");
        }
        boolean incr = false;
        byte[] payload = null;
        for (int i = 4; i < ctx.argc(); i++) {
            if (ArgCursor.equalsIgnoreCase(ctx.arg(i), "INCR")) {
                incr = true;
            } else if (ArgCursor.equalsIgnoreCase(ctx.arg(i), "PAYLOAD") && i + 1 < ctx.argc()) {
                payload = ctx.arg(++i);
            } else {
                throw new KvException("ERR syntax error");
            }
        }
        SuggestionTrie t = get(ctx, true);
        boolean created = false;
        if (t == null) {
            t = new SuggestionTrie();
            created = true;
        }
        t.add(text, score, incr, payload);
        if (created) {
            if (t.size() == 0) {
                ctx.reply().integer(0);
                return;
            }
            ctx.db().put(key, t);
        } else {
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.MODULE, "ft.sugadd", key);
        ctx.reply().integer(t.size());
    }

    private static void sugGet(CommandContext ctx) {
        String prefix = new String(ctx.arg(2), StandardCharsets.UTF_8);
        boolean fuzzy = false;
        boolean scores = false;
        boolean payloads = false;
        long max = 5;
        for (int i = 3; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (ArgCursor.equalsIgnoreCase(a, "FUZZY")) {
                fuzzy = true;
            } else if (ArgCursor.equalsIgnoreCase(a, "WITHSCORES")) {
                scores = true;
            } else if (ArgCursor.equalsIgnoreCase(a, "WITHPAYLOADS")) {
                payloads = true;
            } else if (ArgCursor.equalsIgnoreCase(a, "MAX") && i + 1 < ctx.argc()) {
                try {
                    max = Long.parseLong(new String(ctx.arg(++i), StandardCharsets.UTF_8));
                } catch (NumberFormatException e) {
                    throw new KvException("Invalid MAX value");
                }
                if (max <= 0) {
                    throw new KvException("Invalid MAX value");
                }
            } else if (ArgCursor.equalsIgnoreCase(a, "TRIM") || ArgCursor.equalsIgnoreCase(a, "OPTIMIZE")) {
                // accepted, no effect
            } else {
                throw new KvException("ERR syntax error");
            }
        }
        SuggestionTrie t = get(ctx, false);
        if (t == null || prefix.isEmpty()) {
            ctx.reply().array(0);
            return;
        }
        List<SuggestionTrie.Hit> hits = t.search(prefix, fuzzy, (int) Math.min(Integer.MAX_VALUE, max));
        int per = 1 + (scores ? 1 : 0) + (payloads ? 1 : 0);
        ctx.reply().array(hits.size() * per);
        for (SuggestionTrie.Hit h : hits) {
            ctx.reply().bulk(h.entry().text);
            if (scores) {
                ctx.reply().doubleText(CFormat.g(h.score(), 17));
            }
            if (payloads) {
                if (h.entry().payload == null) {
                    ctx.reply().nullBulk();
                } else {
                    ctx.reply().bulk(h.entry().payload);
                }
            }
        }
    }

    private static void sugDel(CommandContext ctx) {
        SuggestionTrie t = get(ctx, true);
        // RediSearch replicates FT.SUGDEL as it came, whether or not it removed anything
        ctx.propagateAs(java.util.Arrays.copyOf(ctx.argv(), ctx.argc()));
        if (t == null) {
            ctx.reply().integer(0);
            return;
        }
        boolean removed = t.delete(new String(ctx.arg(2), StandardCharsets.UTF_8));
        if (removed) {
            if (t.size() == 0) {
                ctx.db().delete(ctx.arg(1)); // an emptied dictionary goes, as RediSearch deletes its key
            } else {
                ctx.db().modified(ctx.arg(1));
            }
            ctx.notify(EventClass.MODULE, "ft.sugdel", ctx.arg(1));
        }
        ctx.reply().integer(removed ? 1 : 0);
    }

    private static void sugLen(CommandContext ctx) {
        SuggestionTrie t = get(ctx, false);
        ctx.reply().integer(t == null ? 0 : t.size());
    }
}
