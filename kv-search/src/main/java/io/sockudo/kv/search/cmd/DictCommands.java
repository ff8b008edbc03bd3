package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/** Spell-check dictionaries: FT.DICTADD, FT.DICTDEL, FT.DICTDUMP (server-wide, not keys). */
public final class DictCommands {
    private final SearchFamily family;

    private DictCommands(SearchFamily family) {
        this.family = family;
    }

    public static void register(ModuleRegistry r, SearchFamily family) {
        DictCommands c = new DictCommands(family);
        r.command(Specs.write("ft.dictadd", -3, "Adds terms to a dictionary", "1.4.0", c::add)
                .complexity("O(1)").build());
        r.command(Specs.writeNoOom("ft.dictdel", -3, "Deletes terms from a dictionary", "1.4.0", c::del)
                .complexity("O(1)").build());
        r.command(Specs.read("ft.dictdump", 2, "Dumps all terms in the given dictionary", "1.4.0", c::dump)
                .complexity("O(N), where N is the size of the dictionary").build());
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void add(CommandContext ctx) {
        TreeSet<String> d = family.dictionaries.computeIfAbsent(s(ctx.arg(1)), k -> new TreeSet<>());
        int added = 0;
        synchronized (d) {
            for (int i = 2; i < ctx.argc(); i++) {
                if (d.add(s(ctx.arg(i)))) {
                    added++;
                }
            }
        }
        Replication.verbatim(ctx);
        ctx.reply().integer(added);
    }

    private void del(CommandContext ctx) {
        TreeSet<String> d = family.dictionaries.get(s(ctx.arg(1)));
        Replication.verbatim(ctx); // as RediSearch, whatever it removed
        if (d == null) {
            ctx.reply().integer(0);
            return;
        }
        int removed = 0;
        synchronized (d) {
            for (int i = 2; i < ctx.argc(); i++) {
                if (d.remove(s(ctx.arg(i)))) {
                    removed++;
                }
            }
            if (d.isEmpty()) {
                family.dictionaries.remove(s(ctx.arg(1)));
            }
        }
        ctx.reply().integer(removed);
    }

    private void dump(CommandContext ctx) {
        TreeSet<String> d = family.dictionaries.get(s(ctx.arg(1)));
        if (d == null) {
            throw new KvException("could not open dict key");
        }
        synchronized (d) {
            ctx.reply().set(d.size());
            for (String t : d) {
                ctx.reply().bulk(t);
            }
        }
    }
}
