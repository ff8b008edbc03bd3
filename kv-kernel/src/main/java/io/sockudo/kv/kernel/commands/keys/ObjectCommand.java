package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.Locale;

/** OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP. None of them counts as an access of the key. */
final class ObjectCommand {
    static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
            + "that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not "
            + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take some "
            + "time to adjust.";

    private static final String[] HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private final ServerConfigView config;
    private final LruClock lruClock;

    private ObjectCommand(ServerConfigView config, LruClock lruClock) {
        this.config = config;
        this.lruClock = lruClock;
    }

    static CommandSpec spec(ServerConfigView config, LruClock lruClock) {
        ObjectCommand o = new ObjectCommand(config, lruClock);
        return CommandSpec.builder("object").arity(-2).acl("slow")
                .summary("A container for object introspection commands").since("2.2.3")
                .complexity("Depends on subcommand.")
                .subcommand(sub("freq", "Get the logarithmic access frequency counter of a Redis object", "4.0.0")
                        .args(ArgSpec.key("key", 0))
                        .handler(o::freq).build())
                .subcommand(sub("refcount", "Get the number of references to the value of the key", "2.2.3")
                        .args(ArgSpec.key("key", 0))
                        .handler(o::refcount).build())
                .subcommand(sub("encoding", "Inspect the internal encoding of a Redis object", "2.2.3")
                        .args(ArgSpec.key("key", 0))
                        .handler(ObjectCommand::encoding).build())
                .subcommand(sub("idletime", "Get the time since a Redis object was last accessed", "2.2.3")
                        .args(ArgSpec.key("key", 0))
                        .handler(o::idletime).build())
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("keyspace", "slow")
                        .summary("Show helpful text about the different subcommands").since("6.2.0").complexity("O(1)")
                        .handler(ObjectCommand::help).build())
                .build();
    }

    private static CommandSpec.Builder sub(String name, String summary, String since) {
        return CommandSpec.builder(name).arity(3).flags(CommandFlag.READONLY)
                .keys(2, 2, 1, "RO").acl("keyspace", "read", "slow")
                .tips("nondeterministic_output")
                .summary(summary).since(since).complexity("O(1)");
    }

    /**
     * Redis's objectCommandLookup: a read lookup that counts a keyspace hit or miss, but neither
     * touches the key nor fires keymiss.
     */
    private static KvValue lookup(CommandContext ctx, byte[] key) {
        return ((Database) ctx.db()).lookupRead(key, Database.LOOKUP_NOTOUCH | Database.LOOKUP_NONOTIFY);
    }

    static void encoding(CommandContext ctx) {
        KvValue v = lookup(ctx, ctx.arg(2));
        if (v == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(v.encoding());
        }
    }

    void refcount(CommandContext ctx) {
        KvValue v = lookup(ctx, ctx.arg(2));
        if (v == null) {
            ctx.reply().nullBulk();
            return;
        }
        int rc = v.refCount();
        if (rc == Integer.MAX_VALUE && !sharedIntegersAllowed()) {
            rc = 1;
        }
        ctx.reply().integer(rc);
    }

    /** Redis stops sharing integer objects when maxmemory is set with an LRU or LFU policy (they need own access data). */
    private boolean sharedIntegersAllowed() {
        if (config.getLong("maxmemory") == 0) {
            return true;
        }
        String policy = config.get("maxmemory-policy");
        String p = policy == null ? "" : policy.toLowerCase(Locale.ROOT);
        return !(p.endsWith("-lru") || p.endsWith("-lfu"));
    }

    void idletime(CommandContext ctx) {
        Database db = (Database) ctx.db();
        byte[] key = ctx.arg(2);
        if (lookup(ctx, key) == null) {
            ctx.reply().nullBulk();
            return;
        }
        LruClock clock = lruClock;
        if (clock.lfu()) {
            ctx.reply().error(LFU_SELECTED);
            return;
        }
        ctx.reply().integer(clock.idleSeconds(db.accessData(key)));
    }

    void freq(CommandContext ctx) {
        Database db = (Database) ctx.db();
        byte[] key = ctx.arg(2);
        if (lookup(ctx, key) == null) {
            ctx.reply().nullBulk();
            return;
        }
        LruClock clock = lruClock;
        if (!clock.lfu()) {
            ctx.reply().error(LFU_NOT_SELECTED);
            return;
        }
        ctx.reply().integer(clock.frequency(db.accessData(key)));
    }

    static void help(CommandContext ctx) {
        ReplyWriter r = ctx.reply();
        r.array(HELP.length + 1);
        r.simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) {
            r.simple(line);
        }
    }
}
