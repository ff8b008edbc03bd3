package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.keyspace.ActiveExpireControl;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Server commands: TIME, LASTSAVE, INFO, MEMORY, DEBUG, SHUTDOWN. */
public final class ServerCommands {
    /** DEBUG RELOAD's work: null on success, else Redis's error text. */
    @FunctionalInterface
    public interface Reload {
        String reload(boolean save, boolean flush, boolean merge);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);

    private ServerCommands() {
    }

    /**
     * @param shutdown the server's shutdown sequence (SHUTDOWN, SHUTDOWN ABORT)
     * @param reload   DEBUG RELOAD: (save, flush, merge) → null on success, else Redis's error text
     */
    public static void register(InfoSources src, ActiveExpireControl activeExpire, ShutdownControl shutdown,
                                Reload reload,
                                List<CommandSpec> out) {
        MemoryState memory = new MemoryState(src.memoryLimit());
        InfoReport info = new InfoReport(src, memory);
        out.add(CommandSpec.builder("time").arity(1).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("fast").group("server").tips("nondeterministic_output")
                .summary("Return the current server time").since("2.6.0").complexity("O(1)")
                .handler(ServerCommands::time).build());
        out.add(CommandSpec.builder("info").arity(-1).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "dangerous").group("server")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .summary("Get information and statistics about the server").since("1.0.0").complexity("O(1)")
                .history("7.0.0", "Added support for taking multiple section arguments.")
                .args(ArgSpec.string("section").optional().multiple())
                .handler(ctx -> info(info, ctx)).build());
        out.add(MemoryCommands.spec(src.keyspaces(), memory, src.memoryLimit()));
        out.add(DebugCommands.spec(activeExpire, src.keyspaces(), reload));
        out.add(CommandSpec.builder("shutdown").arity(-1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.NO_MULTI, CommandFlag.SENTINEL, CommandFlag.ALLOW_BUSY)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Synchronously save the dataset to disk and then shut down the server").since("1.0.0")
                .complexity("O(N) when saving, where N is the total number of keys in all databases when saving "
                        + "data, otherwise O(1)")
                .history("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers.")
                .args(ArgSpec.oneOf("nosave_save", ArgSpec.pureToken("nosave", "NOSAVE"),
                                ArgSpec.pureToken("save", "SAVE")).optional(),
                        ArgSpec.pureToken("now", "NOW").since("7.0.0").optional(),
                        ArgSpec.pureToken("force", "FORCE").since("7.0.0").optional(),
                        ArgSpec.pureToken("abort", "ABORT").since("7.0.0").optional())
                .handler(ctx -> shutdown(shutdown, ctx)).build());
    }

    /** TIME: seconds and microseconds, as bulk strings. */
    static void time(CommandContext ctx) {
        Instant now = Instant.now();
        ctx.reply().array(2);
        ctx.reply().bulkLong(now.getEpochSecond());
        ctx.reply().bulkLong(now.getNano() / 1000);
    }

    static void info(InfoReport info, CommandContext ctx) {
        List<String> sections = new ArrayList<>(ctx.argc() - 1);
        for (int i = 1; i < ctx.argc(); i++) {
            sections.add(Args.str(ctx.arg(i)));
        }
        byte[] text = info.render(sections).getBytes(StandardCharsets.UTF_8);
        ctx.reply().verbatim("txt", text);
    }

    /** The blocking state of a client whose SHUTDOWN waits for replicas (INFO blocked_clients counts it). */
    private static final Object SHUTTING_DOWN = new Object() {
        @Override
        public String toString() {
            return "shutdown";
        }
    };

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], as Redis 7.0's shutdownCommand: the client is
     * blocked while the shutdown runs; without NOW, lagging replicas are waited for (writes paused,
     * up to shutdown-timeout); then the save (SAVE, or save points without NOSAVE), whose failure
     * refuses the shutdown unless FORCE. On success nothing is replied: the server closes every
     * connection. ABORT cancels a shutdown that waits for replicas.
     */
    static void shutdown(ShutdownControl shutdown, CommandContext ctx) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (Args.is(a, "nosave")) {
                nosave = true;
            } else if (Args.is(a, "save")) {
                save = true;
            } else if (Args.is(a, "now")) {
                now = true;
            } else if (Args.is(a, "force")) {
                force = true;
            } else if (Args.is(a, "abort")) {
                abort = true;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            throw new KvException(KvException.SYNTAX);
        }
        if (abort) {
            if (!shutdown.abort()) {
                throw new KvException("ERR No shutdown in progress.");
            }
            ctx.reply().ok();
            return;
        }
        if (!now && !ctx.canBlock()) {
            throw new KvException("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
        }
        ShutdownControl.Flags flags = new ShutdownControl.Flags(save, nosave, now, force);
        io.sockudo.kv.kernel.command.ExecutionContext ec = (io.sockudo.kv.kernel.command.ExecutionContext) ctx;
        io.sockudo.kv.kernel.client.Client client = ec.clientState();
        if (client.channel() == null || !ctx.canBlock()) {
            // no connection to hold (NOW from a client that cannot block): only the outcome matters
            String err = shutdown.request(flags, msg -> { });
            if (err != null) {
                throw new KvException(err);
            }
            return;
        }
        // As Redis, the client is blocked first: it gets no reply if the server stops, and the
        // error if the shutdown is aborted or its save fails.
        client.blocked(SHUTTING_DOWN);
        String err = shutdown.request(flags, msg -> client.channel().eventLoop().execute(() -> {
            if (client.blocked() != SHUTTING_DOWN) {
                return;
            }
            client.blocked(null);
            if (client.channel().isActive()) {
                ec.writer().error(msg);
            }
            ec.onUnblocked().run();
        }));
        if (err != null) {
            client.blocked(null);
            throw new KvException(err);
        }
    }
}
