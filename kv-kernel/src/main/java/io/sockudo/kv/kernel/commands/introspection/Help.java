package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code <COMMAND> HELP} reply and the subcommand syntax error, in Redis's exact shape: a
 * status line per text line, a header naming the command as typed (upper-cased) and the
 * standard {@code HELP} footer.
 */
public final class Help {
    private Help() {
    }

    /** Writes the help of the command in {@code ctx.arg(0)} with the given body lines. */
    public static void reply(CommandContext ctx, String... lines) {
        ReplyWriter w = ctx.reply();
        w.array(lines.length + 3);
        w.simple(commandName(ctx) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) {
            w.simple(l);
        }
        w.simple("HELP");
        w.simple("    Prints this help.");
    }

    /** Redis's error for an unknown subcommand of a command that parses its own subcommands (DEBUG). */
    public static String subcommandSyntaxError(CommandContext ctx) {
        byte[] sub = ctx.arg(1);
        int n = Math.min(sub.length, 128);
        return "ERR unknown subcommand or wrong number of arguments for '"
                + new String(sub, 0, n, StandardCharsets.UTF_8) + "'. Try " + commandName(ctx) + " HELP.";
    }

    private static String commandName(CommandContext ctx) {
        return new String(ctx.arg(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }
}
