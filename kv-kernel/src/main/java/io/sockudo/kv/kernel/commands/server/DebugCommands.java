package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * DEBUG: the subcommands tests and tools rely on (SLEEP, SET-ACTIVE-EXPIRE, HELP). Like Redis,
 * DEBUG parses its own subcommands (it is not a container) and is always allowed.
 */
final class DebugCommands {
    private static final String[] HELP = {
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
    };

    private DebugCommands() {
    }

    static CommandSpec spec(Kernel kernel) {
        return CommandSpec.builder("debug").arity(-2)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.PROTECTED)
                .acl("admin", "slow", "dangerous").group("server").docFlags("syscmd")
                .summary("A container for debugging commands").since("1.0.0").complexity("Depends on subcommand.")
                .handler(ctx -> debug(kernel, ctx)).build();
    }

    static void debug(Kernel kernel, CommandContext ctx) {
        byte[] sub = ctx.arg(1);
        if (ctx.argc() == 2 && Args.is(sub, "help")) {
            Help.reply(ctx, HELP);
        } else if (ctx.argc() == 3 && Args.is(sub, "sleep")) {
            // Like Redis, this stalls the connection's event loop: that is what the tests use it for.
            long micros = (long) (strtod(Args.str(ctx.arg(2))) * 1_000_000);
            if (micros > 0) {
                long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
                for (long left = micros * 1000; left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            ctx.reply().ok();
        } else if (ctx.argc() == 3 && Args.is(sub, "set-active-expire")) {
            kernel.activeExpireEnabled = atoi(Args.str(ctx.arg(2))) != 0;
            ctx.reply().ok();
        } else {
            throw new KvException(Help.subcommandSyntaxError(ctx));
        }
    }

    /** C's {@code strtod} without an end pointer: the longest numeric prefix, 0 when there is none. */
    static double strtod(String s) {
        String t = s.stripLeading();
        if (t.length() > 64) {
            t = t.substring(0, 64); // no number is longer; keeps the prefix search cheap
        }
        int end = 0;
        for (int i = 1; i <= t.length(); i++) {
            try {
                Double.parseDouble(t.substring(0, i));
                end = i;
            } catch (NumberFormatException e) {
                // keep looking: "1e" is not a number but "1e3" is
            }
        }
        if (end == 0) {
            return 0;
        }
        String prefix = t.substring(0, end);
        // Java accepts trailing type suffixes ("1d", "2f") that C does not
        char last = prefix.charAt(prefix.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix.isEmpty() ? 0 : Double.parseDouble(prefix);
    }

    /** C's {@code atoi}: optional spaces and sign, then digits up to the first non-digit. */
    static long atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return neg ? -v : v;
    }
}
