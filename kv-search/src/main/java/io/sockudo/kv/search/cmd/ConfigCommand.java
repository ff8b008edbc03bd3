package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** FT.CONFIG GET pattern | SET option value | HELP pattern. */
public final class ConfigCommand {
    private final SearchFamily family;

    private ConfigCommand(SearchFamily family) {
        this.family = family;
    }

    public static void register(ModuleRegistry r, SearchFamily family) {
        ConfigCommand c = new ConfigCommand(family);
        r.command(Specs.admin("ft.config", -3, "Configures runtime parameters", "1.0.0", c::config)
                .complexity("O(1)").build());
    }

    private void config(CommandContext ctx) {
        String sub = new String(ctx.arg(1), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        String name = new String(ctx.arg(2), StandardCharsets.UTF_8);
        switch (sub) {
            case "GET" -> get(ctx, name, false);
            case "HELP" -> get(ctx, name, true);
            case "SET" -> {
                if (ctx.argc() < 4) {
                    throw new KvException("ERR wrong number of arguments for 'ft.config' command");
                }
                String err = family.config.set(name, new String(ctx.arg(3), StandardCharsets.UTF_8));
                if (err != null) {
                    throw new KvException(err);
                }
                ctx.reply().ok();
            }
            default -> throw new KvException("No such configuration action");
        }
    }

    private void get(CommandContext ctx, String pattern, boolean help) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        byte[] pat = pattern.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : family.config.all().entrySet()) {
            if (pattern.equals("*") || Glob.matches(pat, e.getKey().getBytes(StandardCharsets.UTF_8), true)) {
                out.add(e);
            }
        }
        if (help) {
            ctx.reply().array(out.size());
            for (Map.Entry<String, String> e : out) {
                ctx.reply().array(5);
                ctx.reply().bulk(e.getKey());
                ctx.reply().simple("Description");
                ctx.reply().bulk(e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '));
                ctx.reply().simple("Value");
                value(ctx, e.getValue());
            }
            return;
        }
        if (ctx.reply().protocol() == 3) {
            ctx.reply().map(out.size());
            for (Map.Entry<String, String> e : out) {
                ctx.reply().bulk(e.getKey());
                value(ctx, e.getValue());
            }
            return;
        }
        ctx.reply().array(out.size());
        for (Map.Entry<String, String> e : out) {
            ctx.reply().array(2);
            ctx.reply().bulk(e.getKey());
            value(ctx, e.getValue());
        }
    }

    private static void value(CommandContext ctx, String v) {
        if (v == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(v);
        }
    }
}
