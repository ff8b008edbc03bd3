package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.probabilistic.common.Num;
import io.sockudo.kv.probabilistic.common.Sketches;
import io.sockudo.kv.probabilistic.common.Specs;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * Bloom filter commands (RedisBloom's rebloom.c, BF.*): RESERVE ADD MADD INSERT EXISTS MEXISTS CARD
 * INFO SCANDUMP LOADCHUNK, and the {@code bf-error-rate}, {@code bf-initial-size} and
 * {@code bf-expansion-factor} defaults BF.ADD/MADD/INSERT use when they create a filter.
 *
 * <p>Every write is deterministic (fixed hash seeds), so it is replicated as received.
 */
public final class BloomCommands {
    static final String ERROR_RATE = "bf-error-rate";
    static final String INITIAL_SIZE = "bf-initial-size";
    static final String EXPANSION = "bf-expansion-factor";
    static final String NOT_FOUND = "ERR not found";
    static final String ITEM_EXISTS = "ERR item exists";
    static final String FULL = "ERR non scaling filter is full";
    static final String CANNOT_CREATE = "ERR could not create filter";
    static final String CAT = "bloom";

    private BloomCommands() {
    }

    // ---------------------------------------------------------------- registration

    public static void register(ModuleRegistry r) {
        r.valueType(BloomType.INSTANCE);
        r.configOption(new ConfigOption(ERROR_RATE, List.of(), "0.01", v -> {
            double d = Num.toDouble(v.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Double.isNaN(d) || d <= 0 || d >= 1 ? "argument must be a number between 0 and 1 (exclusive)" : null;
        }, true));
        r.configOption(ConfigOption.integer(INITIAL_SIZE, 100, 1, 1L << 30));
        r.configOption(ConfigOption.integer(EXPANSION, 2, 1, 32768));
        r.command(Specs.write("bf.reserve", -4, CAT, BloomCommands::reserve).keys(1, 1, 1, "OW", "UPDATE")
                .summary("Creates a new Bloom Filter").since("1.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.doubleArg("error_rate"), ArgSpec.integer("capacity"),
                        ArgSpec.integer("expansion").token("EXPANSION").optional(),
                        ArgSpec.pureToken("nonscaling", "NONSCALING").optional()).build());
        r.command(Specs.write("bf.add", 3, CAT, BloomCommands::add).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds an item to a Bloom Filter").since("1.0.0").complexity("O(k), where k is the number of hash functions used by the last sub-filter")
                .args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.write("bf.madd", -3, CAT, BloomCommands::add).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds one or more items to a Bloom Filter. A filter will be created if it does not exist").since("1.0.0")
                .complexity("O(k * n), where k is the number of hash functions and n is the number of items")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.write("bf.insert", -4, CAT, BloomCommands::insert).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds one or more items to a Bloom Filter. A filter will be created if it does not exist").since("1.0.0")
                .complexity("O(k * n), where k is the number of hash functions and n is the number of items")
                .args(Specs.key(), ArgSpec.integer("capacity").token("CAPACITY").optional(),
                        ArgSpec.doubleArg("error").token("ERROR").optional(),
                        ArgSpec.integer("expansion").token("EXPANSION").optional(),
                        ArgSpec.pureToken("nocreate", "NOCREATE").optional(),
                        ArgSpec.pureToken("nonscaling", "NONSCALING").optional(),
                        ArgSpec.pureToken("items", "ITEMS"), ArgSpec.string("item").multiple()).build());
        r.command(Specs.read("bf.exists", 3, CAT, BloomCommands::exists).keys(1, 1, 1, "RO")
                .summary("Checks whether an item exists in a Bloom Filter").since("1.0.0")
                .complexity("O(k), where k is the number of hash functions used by the last sub-filter")
                .args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.read("bf.mexists", -3, CAT, BloomCommands::exists).keys(1, 1, 1, "RO")
                .summary("Checks whether one or more items exist in a Bloom Filter").since("1.0.0")
                .complexity("O(k * n), where k is the number of hash functions and n is the number of items")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.read("bf.card", 2, CAT, BloomCommands::card).keys(1, 1, 1, "RO")
                .summary("Returns the cardinality of a Bloom filter").since("2.4.4").complexity("O(1)")
                .args(Specs.key()).build());
        r.command(Specs.read("bf.info", -2, CAT, BloomCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information about a Bloom Filter").since("1.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.oneOf("single_value", ArgSpec.pureToken("capacity", "CAPACITY"),
                        ArgSpec.pureToken("size", "SIZE"), ArgSpec.pureToken("filters", "FILTERS"),
                        ArgSpec.pureToken("items", "ITEMS"), ArgSpec.pureToken("expansion", "EXPANSION")).optional()).build());
        r.command(Specs.read("bf.scandump", 3, CAT, BloomCommands::scandump).keys(1, 1, 1, "RO")
                .summary("Begins an incremental save of the bloom filter").since("1.0.0")
                .complexity("O(n), where n is the capacity").args(Specs.key(), ArgSpec.integer("iterator")).build());
        r.command(Specs.write("bf.loadchunk", 4, CAT, BloomCommands::loadchunk).keys(1, 1, 1, "RW")
                .summary("Restores a filter previously saved using SCANDUMP").since("1.0.0")
                .complexity("O(n), where n is the capacity")
                .args(Specs.key(), ArgSpec.integer("iterator"), ArgSpec.string("data")).build());
    }

    // ---------------------------------------------------------------- helpers

    private static BloomChain lookup(CommandContext ctx, byte[] key, boolean read) {
        return Sketches.lookup(ctx, key, BloomChain.class, read);
    }

    private static boolean isMulti(CommandContext ctx) {
        byte[] name = ctx.arg(0);
        return name.length > 3 && (name[3] | 0x20) == 'm';
    }

    /** The bf-* default as the current configuration says (parsed only when a filter is created). */
    private static double defaultErrorRate(CommandContext ctx) {
        String v = ctx.config().get(ERROR_RATE);
        return v == null ? 0.01 : Double.parseDouble(v);
    }

    private static long defaultLong(CommandContext ctx, String option, long dflt) {
        String v = ctx.config().get(option);
        return v == null ? dflt : Long.parseLong(v.trim());
    }

    // ---------------------------------------------------------------- commands

    static void reserve(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 7) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        double errorRate = Num.toDouble(ctx.arg(2));
        if (Double.isNaN(errorRate)) {
            throw new KvException("ERR bad error rate");
        }
        if (errorRate >= 1 || errorRate <= 0) {
            throw new KvException("ERR (0 < error rate range < 1) ");
        }
        byte[] cap = ctx.arg(3);
        if (!Num.isLong(cap)) {
            throw new KvException("ERR bad capacity");
        }
        long capacity = Num.toLong(cap);
        if (capacity <= 0) {
            throw new KvException("ERR (capacity should be larger than 0)");
        }
        boolean nonScaling = Sketches.argIndex(ctx, "NONSCALING", 1) != -1;
        long expansion = defaultLong(ctx, EXPANSION, 2);
        int ex = Sketches.argIndex(ctx, "EXPANSION", 1);
        if (ex + 1 == argc) {
            throw new KvException("ERR no expansion");
        }
        if (ex != -1) {
            if (nonScaling) {
                throw new KvException("Nonscaling filters cannot expand");
            }
            byte[] e = ctx.arg(ex + 1);
            if (!Num.isLong(e) || Num.toLong(e) < 1 || Num.toLong(e) > Integer.MAX_VALUE) {
                throw new KvException("ERR bad expansion");
            }
            expansion = Num.toLong(e);
        }
        byte[] key = ctx.arg(1);
        if (lookup(ctx, key, false) != null) {
            throw new KvException(ITEM_EXISTS);
        }
        BloomChain c = BloomChain.create(capacity, errorRate, nonScaling, (int) expansion);
        if (c == null) {
            throw new KvException(CANNOT_CREATE);
        }
        ctx.db().put(key, c);
        ctx.notify(EventClass.MODULE, "bf.reserve", key);
        ctx.reply().ok();
    }

    static void add(CommandContext ctx) {
        boolean multi = isMulti(ctx);
        insertCommon(ctx, 2, multi, true, defaultErrorRate(ctx), defaultLong(ctx, INITIAL_SIZE, 100),
                defaultLong(ctx, EXPANSION, 2), false, "bf.add");
    }

    static void insert(CommandContext ctx) {
        int argc = ctx.argc();
        double errorRate = defaultErrorRate(ctx);
        long capacity = defaultLong(ctx, INITIAL_SIZE, 100);
        long expansion = defaultLong(ctx, EXPANSION, 2);
        boolean autocreate = true;
        boolean nonScaling = false;
        int items = -1;
        int pos = 2;
        // RedisBloom looks at the first letter (and one more where two options share it)
        while (pos < argc && items < 0) {
            byte[] a = ctx.arg(pos);
            int c0 = a.length > 0 ? a[0] | 0x20 : 0;
            switch (c0) {
                case 'i' -> items = ++pos;
                case 'e' -> {
                    if (++pos == argc) {
                        throw new KvException(Sketches.wrongArity(ctx));
                    }
                    byte[] v = ctx.arg(pos++);
                    if (a.length > 1 && (a[1] | 0x20) == 'r') {
                        errorRate = Num.toDouble(v);
                        if (Double.isNaN(errorRate)) {
                            throw new KvException("Bad error rate");
                        }
                    } else {
                        if (!Num.isLong(v)) {
                            throw new KvException("Bad expansion");
                        }
                        expansion = Num.toLong(v);
                    }
                }
                case 'c' -> {
                    if (++pos == argc) {
                        throw new KvException(Sketches.wrongArity(ctx));
                    }
                    byte[] v = ctx.arg(pos++);
                    if (!Num.isLong(v)) {
                        throw new KvException("Bad capacity");
                    }
                    capacity = Num.toLong(v);
                }
                case 'n' -> {
                    if (a.length > 2 && (a[2] | 0x20) == 'c') {
                        autocreate = false;
                    } else {
                        nonScaling = true;
                    }
                    pos++;
                }
                default -> throw new KvException("Unknown argument received");
            }
        }
        if (items < 0 || items == argc) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        if (errorRate <= 0 || errorRate >= 1 || capacity < 1 || expansion < 1 || expansion > Integer.MAX_VALUE) {
            throw new KvException("Bad argument received");
        }
        insertCommon(ctx, items, true, autocreate, errorRate, capacity, expansion, nonScaling, "bf.insert");
    }

    private static void insertCommon(CommandContext ctx, int first, boolean multi, boolean autocreate, double errorRate,
                                     long capacity, long expansion, boolean nonScaling, String event) {
        byte[] key = ctx.arg(1);
        BloomChain c = lookup(ctx, key, false);
        boolean created = false;
        if (c == null) {
            if (!autocreate) {
                throw new KvException(NOT_FOUND);
            }
            c = BloomChain.create(capacity, errorRate, nonScaling, (int) expansion);
            if (c == null) {
                throw new KvException(CANNOT_CREATE);
            }
            ctx.db().put(key, c);
            created = true;
        }
        ReplyWriter w = ctx.reply();
        int argc = ctx.argc();
        boolean changed = created;
        if (!multi) {
            int rv = c.add(ctx.arg(first));
            changed |= rv == BloomChain.ADDED;
            if (rv < 0) {
                w.error(rv == BloomChain.FULL ? FULL : CANNOT_CREATE);
            } else {
                w.integer(rv);
            }
        } else {
            // RedisBloom stops at the first item a full non-scaling filter refuses and ends the
            // array with that error: the results are gathered first to know the array's length.
            int n = argc - first;
            byte[] results = new byte[n];
            int len = 0;
            while (len < n) {
                int rv = c.add(ctx.arg(first + len));
                results[len++] = (byte) rv;
                if (rv < 0) {
                    break;
                }
                changed |= rv == BloomChain.ADDED;
            }
            w.array(len);
            for (int i = 0; i < len; i++) {
                if (results[i] < 0) {
                    w.error(results[i] == BloomChain.FULL ? FULL : CANNOT_CREATE);
                } else {
                    w.integer(results[i]);
                }
            }
        }
        if (changed) {
            if (!created) {
                ctx.db().modified(key);
            }
            ctx.notify(EventClass.MODULE, event, key);
        }
    }

    static void exists(CommandContext ctx) {
        BloomChain c = lookup(ctx, ctx.arg(1), true);
        ReplyWriter w = ctx.reply();
        int argc = ctx.argc();
        if (!isMulti(ctx)) {
            w.integer(c != null && c.check(ctx.arg(2)) ? 1 : 0);
            return;
        }
        w.array(argc - 2);
        for (int i = 2; i < argc; i++) {
            w.integer(c != null && c.check(ctx.arg(i)) ? 1 : 0);
        }
    }

    static void card(CommandContext ctx) {
        BloomChain c = lookup(ctx, ctx.arg(1), true);
        ctx.reply().integer(c == null ? 0 : c.size);
    }

    static void info(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        BloomChain c = lookup(ctx, ctx.arg(1), true);
        if (c == null) {
            throw new KvException(NOT_FOUND);
        }
        ReplyWriter w = ctx.reply();
        if (argc == 3) {
            byte[] f = ctx.arg(2);
            if (Sketches.is(f, "capacity")) {
                w.array(1);
                w.integer(c.capacity());
            } else if (Sketches.is(f, "size")) {
                w.array(1);
                w.integer(c.reportedSize());
            } else if (Sketches.is(f, "filters")) {
                w.array(1);
                w.integer(c.nfilters);
            } else if (Sketches.is(f, "items")) {
                w.array(1);
                w.integer(c.size);
            } else if (Sketches.is(f, "expansion")) {
                w.array(1);
                expansion(w, c);
            } else {
                w.error("Invalid information value");
            }
            return;
        }
        w.map(5);
        w.simple("Capacity");
        w.integer(c.capacity());
        w.simple("Size");
        w.integer(c.reportedSize());
        w.simple("Number of filters");
        w.integer(c.nfilters);
        w.simple("Number of items inserted");
        w.integer(c.size);
        w.simple("Expansion rate");
        expansion(w, c);
    }

    private static void expansion(ReplyWriter w, BloomChain c) {
        if (c.nonScaling()) {
            w.nullBulk();
        } else {
            w.integer(c.growth & 0xffffffffL);
        }
    }

    static void scandump(CommandContext ctx) {
        BloomChain c = lookup(ctx, ctx.arg(1), true);
        if (c == null) {
            throw new KvException(NOT_FOUND);
        }
        byte[] it = ctx.arg(2);
        if (!Num.isLong(it)) {
            throw new KvException("Second argument must be numeric");
        }
        long iter = Num.toLong(it);
        ReplyWriter w = ctx.reply();
        w.array(2);
        if (iter == 0) {
            w.integer(1);
            w.bulk(BloomDump.header(c));
            return;
        }
        long[] offset = new long[1];
        int link = iter < 1 ? -1 : BloomDump.linkAt(c, iter - 1, offset);
        if (link < 0) {
            w.integer(0);
            w.bulk(new byte[0]);
            return;
        }
        byte[] bf = c.links[link].bf;
        int off = (int) offset[0];
        int len = Math.min(BloomDump.MAX_CHUNK, bf.length - off);
        w.integer(iter + len);
        w.bulk(bf, off, len);
    }

    static void loadchunk(CommandContext ctx) {
        byte[] it = ctx.arg(2);
        if (!Num.isLong(it)) {
            throw new KvException("ERR Second argument must be numeric");
        }
        long iter = Num.toLong(it);
        byte[] key = ctx.arg(1);
        byte[] data = ctx.arg(3);
        BloomChain c = lookup(ctx, key, false);
        if (c == null && iter == 1) {
            BloomChain fresh = BloomDump.fromHeader(data);
            if (fresh == null) {
                throw new KvException(BloomDump.BAD_DATA);
            }
            ctx.db().put(key, fresh);
            ctx.notify(EventClass.MODULE, "bf.loadchunk", key);
            ctx.reply().ok();
            return;
        }
        if (c == null) {
            throw new KvException(NOT_FOUND);
        }
        if (iter <= 0 || iter < data.length) {
            throw new KvException(BloomDump.BAD_DATA);
        }
        long[] offset = new long[1];
        int link = iter - data.length < 1 ? -1 : BloomDump.linkAt(c, iter - data.length - 1, offset);
        if (link < 0) {
            throw new KvException("ERR invalid offset - no link found");
        }
        byte[] bf = c.links[link].bf;
        if (data.length > bf.length - offset[0]) {
            throw new KvException("ERR invalid chunk - Too big for current filter");
        }
        System.arraycopy(data, 0, bf, (int) offset[0], data.length);
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "bf.loadchunk", key);
        ctx.reply().ok();
    }
}
