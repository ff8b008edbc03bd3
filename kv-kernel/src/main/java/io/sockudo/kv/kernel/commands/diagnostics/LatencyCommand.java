package io.sockudo.kv.kernel.commands.diagnostics;

import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.latency.LatencyHistogram;
import io.sockudo.kv.kernel.latency.LatencyMonitor;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LATENCY LATEST/HISTORY/RESET/GRAPH/DOCTOR/HISTOGRAM/HELP, as Redis 7.0's {@code latency.c}. */
final class LatencyCommand {
    private static final String[] HELP = {
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
    };
    private static final int GRAPH_COLS = 80;

    private LatencyCommand() {
    }

    private static CommandSpec.Builder admin(String name, int arity) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous").group("server").since("2.8.13");
    }

    static CommandSpec spec(LatencyMonitor monitor, CommandTable commands, ConfigRegistry config) {
        return CommandSpec.builder("latency").arity(-2).acl("slow").group("server")
                .summary("A container for latency diagnostics commands").since("2.8.13")
                .complexity("Depends on subcommand.")
                .subcommand(admin("doctor", 2).tips("nondeterministic_output", "request_policy:all_nodes",
                                "response_policy:special")
                        .summary("Return a human readable latency analysis report.").complexity("O(1)")
                        .handler(ctx -> ctx.reply().verbatim("txt",
                                doctor(monitor, config).getBytes(StandardCharsets.UTF_8))).build())
                .subcommand(admin("graph", 3).tips("nondeterministic_output", "request_policy:all_nodes",
                                "response_policy:special")
                        .summary("Return a latency graph for the event.").complexity("O(1)")
                        .args(ArgSpec.string("event")).handler(ctx -> graph(monitor, ctx)).build())
                .subcommand(admin("histogram", -2).since("7.0.0").tips("nondeterministic_output",
                                "request_policy:all_nodes", "response_policy:special")
                        .summary("Return the cumulative distribution of latencies of a subset of commands or all.")
                        .complexity("O(N) where N is the number of commands with latency information being "
                                + "retrieved.")
                        .args(ArgSpec.string("command").optional().multiple())
                        .handler(ctx -> histogram(commands, ctx)).build())
                .subcommand(admin("history", 3).tips("nondeterministic_output", "request_policy:all_nodes",
                                "response_policy:special")
                        .summary("Return timestamp-latency samples for the event.").complexity("O(1)")
                        .args(ArgSpec.string("event")).handler(ctx -> history(monitor, ctx)).build())
                .subcommand(admin("latest", 2).tips("nondeterministic_output", "request_policy:all_nodes",
                                "response_policy:special")
                        .summary("Return the latest latency samples for all events.").complexity("O(1)")
                        .handler(ctx -> latest(monitor, ctx)).build())
                .subcommand(admin("reset", -2).tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Reset latency data for one or more events.").complexity("O(1)")
                        .args(ArgSpec.string("event").optional().multiple())
                        .handler(ctx -> {
                            List<String> names = new ArrayList<>();
                            for (int i = 2; i < ctx.argc(); i++) {
                                names.add(Args.str(ctx.arg(i)));
                            }
                            ctx.reply().integer(monitor.reset(names));
                        }).build())
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("server").since("2.8.13")
                        .summary("Show helpful text about the different subcommands.").complexity("O(1)")
                        .handler(ctx -> Help.reply(ctx, HELP)).build())
                .build();
    }

    static void latest(LatencyMonitor monitor, CommandContext ctx) {
        ReplyWriter w = ctx.reply();
        Map<String, LatencyMonitor.Series> events = monitor.events();
        List<Map.Entry<String, LatencyMonitor.Series>> list = new ArrayList<>(events.entrySet());
        w.array(list.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : list) {
            int[] last = e.getValue().latest();
            w.array(4);
            w.bulk(e.getKey());
            w.integer(last[0]);
            w.integer(last[1]);
            w.integer(e.getValue().max());
        }
    }

    static void history(LatencyMonitor monitor, CommandContext ctx) {
        LatencyMonitor.Series s = monitor.series(Args.str(ctx.arg(2)));
        ReplyWriter w = ctx.reply();
        if (s == null) {
            w.array(0);
            return;
        }
        List<int[]> samples = s.samples();
        w.array(samples.size());
        for (int[] p : samples) {
            w.array(2);
            w.integer(p[0]);
            w.integer(p[1]);
        }
    }

    static void graph(LatencyMonitor monitor, CommandContext ctx) {
        String event = Args.str(ctx.arg(2));
        LatencyMonitor.Series s = monitor.series(event);
        if (s == null) {
            ctx.reply().error("ERR No samples available for event '" + event + "'");
            return;
        }
        ctx.reply().verbatim("txt", graphText(event, s, System.currentTimeMillis() / 1000)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Redis's latencyCommandGenSparkeline: a header, a rule, the sparkline and each sample's age written downwards. */
    static String graphText(String event, LatencyMonitor.Series s, long now) {
        List<int[]> samples = s.samples();
        long min = 0;
        long max = 0;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            int v = samples.get(i)[1];
            if (i == 0) {
                min = v;
                max = v;
            } else {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            long elapsed = now - samples.get(i)[0];
            labels.add(elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? elapsed / 60 + "m"
                    : elapsed < 86400 ? elapsed / 3600 + "h" : elapsed / 86400 + "d");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(s.max()).append(" ms)\n");
        sb.append("-".repeat(GRAPH_COLS)).append('\n');
        for (int j = 0; j < samples.size(); j += GRAPH_COLS) {
            if (j != 0) {
                sb.append('\n');
            }
            int len = Math.min(GRAPH_COLS, samples.size() - j);
            sparkline(sb, samples, labels, j, len, min, max);
        }
        return sb.toString();
    }

    /** Redis's sparklineRenderRange with 4 rows and SPARKLINE_FILL. */
    private static void sparkline(StringBuilder sb, List<int[]> samples, List<String> labels, int offset, int len,
                                  long min, long max) {
        final String fill = "_o#";
        final int rows = 4;
        int steps = fill.length() * rows;
        double relmax = max - min;
        if (relmax == 0) {
            relmax = 1;
        }
        char[] chars = new char[len];
        int row = 0;
        boolean loop = true;
        while (loop) {
            loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = samples.get(j + offset)[1] - min;
                int step = (int) ((int) (relval * steps) / relmax);
                step = Math.max(0, Math.min(steps - 1, step));
                if (row < rows) {
                    int charidx = step - ((rows - row - 1) * fill.length());
                    loop = true;
                    if (charidx >= 0 && charidx < fill.length()) {
                        chars[j] = fill.charAt(charidx);
                    } else if (charidx >= fill.length()) {
                        chars[j] = '|';
                    }
                } else {
                    if (row - rows < 1) { // the label's top margin
                        loop = true;
                        break;
                    }
                    String label = labels.get(j + offset);
                    int labelChar = row - rows - 1;
                    if (label.length() > labelChar) {
                        loop = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (loop) {
                row++;
                sb.append(chars).append('\n');
            }
        }
    }

    static void histogram(CommandTable commands, CommandContext ctx) {
        List<RegisteredCommand> selected = new ArrayList<>();
        if (ctx.argc() == 2) {
            for (RegisteredCommand c : commands.all()) {
                addWithHistogram(c, selected, true);
            }
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                String name = Args.str(ctx.arg(i)).toLowerCase(Locale.ROOT);
                RegisteredCommand c = lookup(commands, name);
                if (c == null) {
                    continue;
                }
                // A container named alone stands for its subcommands, as in Redis.
                addWithHistogram(c, selected, c.subcommands() != null && !name.contains("|"));
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(selected.size());
        for (RegisteredCommand c : selected) {
            LatencyHistogram h = c.latency();
            w.bulk(c.fullName());
            w.map(2);
            w.bulk("calls");
            w.integer(h.total());
            w.bulk("histogram_usec");
            List<long[]> buckets = h.logBuckets();
            w.map(buckets.size());
            for (long[] b : buckets) {
                w.integer(b[0]);
                w.integer(b[1]);
            }
        }
    }

    private static void addWithHistogram(RegisteredCommand c, List<RegisteredCommand> out, boolean withSubs) {
        if (c.latency() != null && c.latency().total() > 0 && !out.contains(c)) {
            out.add(c);
        }
        if (withSubs && c.subcommands() != null) {
            for (RegisteredCommand sub : c.subcommands().all()) {
                addWithHistogram(sub, out, false);
            }
        }
    }

    private static RegisteredCommand lookup(CommandTable commands, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return commands.lookup(name.getBytes(StandardCharsets.UTF_8));
        }
        RegisteredCommand parent = commands.lookup(name.substring(0, bar).getBytes(StandardCharsets.UTF_8));
        if (parent == null || parent.subcommands() == null) {
            return null;
        }
        return parent.subcommands().lookup(name.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
    }

    /** Redis's createLatencyReport, with the advice that applies to the events this server records. */
    static String doctor(LatencyMonitor monitor, ConfigRegistry config) {
        Map<String, LatencyMonitor.Series> events = monitor.events();
        if (!monitor.enabled() && events.isEmpty()) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
                    + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we "
                    + "weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n";
        }
        if (events.isEmpty()) {
            return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
                    + "things over.\n";
        }
        StringBuilder sb = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        long now = System.currentTimeMillis() / 1000;
        int n = 1;
        boolean commandEvents = false;
        boolean evictions = false;
        boolean expiry = false;
        boolean aof = false;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            List<int[]> samples = e.getValue().samples();
            if (samples.isEmpty()) {
                continue;
            }
            long sum = 0;
            long oldest = Long.MAX_VALUE;
            for (int[] s : samples) {
                sum += s[1];
                oldest = Math.min(oldest, s[0]);
            }
            long avg = sum / samples.size();
            long period = Math.max(1, now - oldest);
            long dev = 0;
            for (int[] s : samples) {
                dev += Math.abs(avg - s[1]);
            }
            long mad = dev / samples.size();
            sb.append(n++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(mad)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", (double) period / samples.size()))
                    .append(" sec). Worst all time event ").append(e.getValue().max()).append("ms.\n");
            String name = e.getKey();
            commandEvents |= name.equals("command") || name.equals("fast-command");
            evictions |= name.startsWith("eviction");
            expiry |= name.startsWith("expire");
            aof |= name.startsWith("aof");
        }
        sb.append("\nI have a few advices for you:\n\n");
        long slowlog = config.getLong("slowlog-log-slower-than");
        long threshold = config.getLong("latency-monitor-threshold");
        if (commandEvents) {
            if (slowlog < 0) {
                sb.append("- There are latency issues with potentially slow commands you are using. Try to enable the "
                        + "Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than "
                        + threshold * 1000 + "'. If the Slow log is disabled Redis is not able to log slow commands "
                        + "execution for you.\n");
            } else if (slowlog / 1000 > threshold) {
                sb.append("- Your current Slow Log configuration only logs events that are slower than your configured "
                        + "latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than "
                        + threshold * 1000 + "'.\n");
            }
            sb.append("- Check your Slow Log to understand what are the commands you are running which are too slow "
                    + "to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        }
        if (commandEvents || evictions || expiry) {
            sb.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking "
                    + "operation. If you have very large objects that are often deleted, expired, or evicted, try to "
                    + "fragment those objects into multiple smaller objects.\n");
        }
        if (expiry) {
            sb.append("- Many keys expiring at the same time can cause latency: spread the expiry times of keys "
                    + "created together (add a random jitter to their TTLs).\n");
        }
        if (aof) {
            sb.append("- Writing and syncing the append only file takes time: with appendfsync always every write "
                    + "waits for the disk; consider 'CONFIG SET appendfsync everysec'.\n");
        }
        return sb.toString();
    }
}
