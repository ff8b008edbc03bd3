package io.sockudo.kv.probabilistic.cuckoo;

import io.sockudo.kv.probabilistic.common.Le;
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

/**
 * Cuckoo filter commands (RedisBloom's CF.*): RESERVE ADD ADDNX INSERT INSERTNX EXISTS MEXISTS DEL
 * COUNT INFO SCANDUMP LOADCHUNK, with the {@code cf-*} defaults CF.ADD and CF.INSERT create with.
 * Writes are deterministic (the kick-out walk has no randomness) and replicate as received.
 */
public final class CuckooCommands {
    static final String INITIAL_SIZE = "cf-initial-size";
    static final String BUCKET_SIZE = "cf-bucket-size";
    static final String MAX_ITERATIONS = "cf-max-iterations";
    static final String EXPANSION = "cf-expansion-factor";
    static final String MAX_EXPANSIONS = "cf-max-expansions";
    static final String NOT_FOUND = "ERR not found";
    static final String ITEM_EXISTS = "ERR item exists";
    static final String CAPACITY_TOO_SMALL = "Capacity must be at least (BucketSize * 2)";
    /** The packed CFHeader: four u64 (items, buckets, deletes, filters) and three u16. */
    static final int HEADER = 38;
    static final int MAX_CHUNK = 16 * 1024 * 1024;
    static final String CAT = "cuckoo";

    private CuckooCommands() {
    }

    // ---------------------------------------------------------------- registration

    public static void register(ModuleRegistry r) {
        r.valueType(CuckooType.INSTANCE);
        r.configOption(ConfigOption.integer(INITIAL_SIZE, 1024, 2, 1L << 30));
        r.configOption(ConfigOption.integer(BUCKET_SIZE, 2, 1, 255));
        r.configOption(ConfigOption.integer(MAX_ITERATIONS, 20, 1, 65535));
        r.configOption(ConfigOption.integer(EXPANSION, 1, 0, 32768));
        r.configOption(ConfigOption.integer(MAX_EXPANSIONS, 32, 1, 65536));
        r.command(Specs.write("cf.reserve", -3, CAT, CuckooCommands::reserve).keys(1, 1, 1, "OW", "UPDATE")
                .summary("Creates a new Cuckoo Filter").since("1.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.integer("capacity"),
                        ArgSpec.integer("bucketsize").token("BUCKETSIZE").optional(),
                        ArgSpec.integer("maxiterations").token("MAXITERATIONS").optional(),
                        ArgSpec.integer("expansion").token("EXPANSION").optional()).build());
        r.command(Specs.write("cf.add", 3, CAT, CuckooCommands::add).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds an item to a Cuckoo Filter").since("1.0.0").complexity("O(k + i), where k is the number of sub-filters and i is maxIterations")
                .args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.write("cf.addnx", 3, CAT, CuckooCommands::add).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds an item to a Cuckoo Filter if the item did not exist previously.").since("1.0.0")
                .complexity("O(k + i), where k is the number of sub-filters and i is maxIterations")
                .args(Specs.key(), ArgSpec.string("item")).build());
        ArgSpec[] insertArgs = {Specs.key(), ArgSpec.integer("capacity").token("CAPACITY").optional(),
            ArgSpec.pureToken("nocreate", "NOCREATE").optional(), ArgSpec.pureToken("items", "ITEMS"),
            ArgSpec.string("item").multiple()};
        r.command(Specs.write("cf.insert", -4, CAT, CuckooCommands::insert).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds one or more items to a Cuckoo Filter. A filter will be created if it does not exist").since("1.0.0")
                .complexity("O(n * (k + i)), where n is the number of items, k is the number of sub-filters and i is maxIterations")
                .args(insertArgs).build());
        r.command(Specs.write("cf.insertnx", -4, CAT, CuckooCommands::insert).keys(1, 1, 1, "RW", "INSERT")
                .summary("Adds one or more items to a Cuckoo Filter if the items did not exist previously. A filter will be created if it does not exist")
                .since("1.0.0").complexity("O(n * (k + i)), where n is the number of items, k is the number of sub-filters and i is maxIterations")
                .args(insertArgs).build());
        r.command(Specs.read("cf.exists", 3, CAT, CuckooCommands::check).keys(1, 1, 1, "RO")
                .summary("Checks whether one or more items exist in a Cuckoo Filter").since("1.0.0")
                .complexity("O(k), where k is the number of sub-filters").args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.read("cf.mexists", -3, CAT, CuckooCommands::check).keys(1, 1, 1, "RO")
                .summary("Checks whether one or more items exist in a Cuckoo Filter").since("1.0.0")
                .complexity("O(k * n), where k is the number of sub-filters and n is the number of items")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.read("cf.count", 3, CAT, CuckooCommands::check).keys(1, 1, 1, "RO")
                .summary("Return the number of times an item might be in a Cuckoo Filter").since("1.0.0")
                .complexity("O(k), where k is the number of sub-filters").args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.writeFast("cf.del", 3, CAT, CuckooCommands::del).keys(1, 1, 1, "RW", "DELETE")
                .summary("Deletes an item from a Cuckoo Filter").since("1.0.0")
                .complexity("O(k), where k is the number of sub-filters").args(Specs.key(), ArgSpec.string("item")).build());
        r.command(Specs.read("cf.info", 2, CAT, CuckooCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information about a Cuckoo Filter").since("1.0.0").complexity("O(1)")
                .args(Specs.key()).build());
        r.command(Specs.read("cf.scandump", 3, CAT, CuckooCommands::scandump).keys(1, 1, 1, "RO")
                .summary("Begins an incremental save of the bloom filter").since("1.0.0")
                .complexity("O(n), where n is the capacity").args(Specs.key(), ArgSpec.integer("iterator")).build());
        r.command(Specs.write("cf.loadchunk", 4, CAT, CuckooCommands::loadchunk).keys(1, 1, 1, "RW")
                .summary("Restores a filter previously saved using SCANDUMP").since("1.0.0")
                .complexity("O(n), where n is the capacity")
                .args(Specs.key(), ArgSpec.integer("iterator"), ArgSpec.string("data")).build());
    }

    // ---------------------------------------------------------------- helpers

    private static CuckooFilter lookup(CommandContext ctx, byte[] key, boolean read) {
        return Sketches.lookup(ctx, key, CuckooFilter.class, read);
    }

    private static long conf(CommandContext ctx, String option, long dflt) {
        String v = ctx.config().get(option);
        return v == null ? dflt : Long.parseLong(v.trim());
    }

    private static boolean nx(CommandContext ctx) {
        byte[] name = ctx.arg(0);
        return (name[name.length - 1] | 0x20) == 'x';
    }

    /** The value after keyword {@code at}, parsed as RedisBloom's CF.RESERVE parses it. */
    private static long option(CommandContext ctx, int at, String name, long min, long max, String rangeError) {
        if (at + 1 >= ctx.argc() || !Num.isLong(ctx.arg(at + 1))) {
            throw new KvException("Couldn't parse " + name);
        }
        long v = Num.toLong(ctx.arg(at + 1));
        if (v < min || v > max) {
            throw new KvException(rangeError);
        }
        return v;
    }

    // ---------------------------------------------------------------- commands

    static void reserve(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc % 2 == 0) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        if (!Num.isLong(ctx.arg(2))) {
            throw new KvException("Bad capacity");
        }
        long capacity = Num.toLong(ctx.arg(2));
        long maxIterations = conf(ctx, MAX_ITERATIONS, 20);
        int at = Sketches.argIndex(ctx, "MAXITERATIONS", 1);
        if (at != -1) {
            maxIterations = option(ctx, at, "MAXITERATIONS", 1, 65535, "MAXITERATIONS parameter needs to be a positive integer");
        }
        long bucketSize = conf(ctx, BUCKET_SIZE, 2);
        at = Sketches.argIndex(ctx, "BUCKETSIZE", 1);
        if (at != -1) {
            bucketSize = option(ctx, at, "BUCKETSIZE", 1, 255, "BUCKETSIZE parameter needs to be a positive integer");
        }
        long expansion = conf(ctx, EXPANSION, 1);
        at = Sketches.argIndex(ctx, "EXPANSION", 1);
        if (at != -1) {
            expansion = option(ctx, at, "EXPANSION", 0, 32768, "EXPANSION parameter needs to be a non-negative integer");
        }
        if (bucketSize * 2 > capacity) {
            throw new KvException(CAPACITY_TOO_SMALL);
        }
        byte[] key = ctx.arg(1);
        if (lookup(ctx, key, false) != null) {
            throw new KvException(ITEM_EXISTS);
        }
        CuckooFilter f = CuckooFilter.create(capacity, (int) bucketSize, (int) maxIterations, (int) expansion);
        if (f == null) {
            throw new KvException("Couldn't create Cuckoo Filter");
        }
        ctx.db().put(key, f);
        ctx.notify(EventClass.MODULE, "cf.reserve", key);
        ctx.reply().ok();
    }

    static void add(CommandContext ctx) {
        insertCommon(ctx, 2, false, nx(ctx), true, conf(ctx, INITIAL_SIZE, 1024), "cf.add");
    }

    static void insert(CommandContext ctx) {
        int argc = ctx.argc();
        long capacity = conf(ctx, INITIAL_SIZE, 1024);
        boolean autocreate = true;
        int items = -1;
        int pos = 2;
        while (pos < argc && items < 0) {
            byte[] a = ctx.arg(pos);
            int c0 = a.length > 0 ? a[0] | 0x20 : 0;
            switch (c0) {
                case 'c' -> {
                    if (++pos == argc) {
                        throw new KvException(Sketches.wrongArity(ctx));
                    }
                    byte[] v = ctx.arg(pos++);
                    if (!Num.isLong(v)) {
                        throw new KvException("Bad capacity");
                    }
                    capacity = Num.toLong(v);
                    if (2L * conf(ctx, BUCKET_SIZE, 2) > capacity) {
                        throw new KvException(CAPACITY_TOO_SMALL);
                    }
                }
                case 'i' -> items = ++pos;
                case 'n' -> {
                    autocreate = false;
                    pos++;
                }
                default -> throw new KvException("Unknown argument received");
            }
        }
        if (items < 0 || items == argc) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        insertCommon(ctx, items, true, nx(ctx), autocreate, capacity, "cf.insert");
    }

    private static void insertCommon(CommandContext ctx, int first, boolean multi, boolean nx, boolean autocreate,
                                     long capacity, String event) {
        byte[] key = ctx.arg(1);
        CuckooFilter f = lookup(ctx, key, false);
        boolean created = false;
        if (f == null) {
            if (!autocreate) {
                throw new KvException(NOT_FOUND);
            }
            f = CuckooFilter.create(capacity, (int) conf(ctx, BUCKET_SIZE, 2), (int) conf(ctx, MAX_ITERATIONS, 20),
                    (int) conf(ctx, EXPANSION, 1));
            if (f == null) {
                throw new KvException("Could not create filter");
            }
            ctx.db().put(key, f);
            created = true;
        }
        if (f.numFilters >= conf(ctx, MAX_EXPANSIONS, 32)) {
            // guards against an attacker making the filter grow without bound
            throw new KvException("Maximum expansions reached");
        }
        ReplyWriter w = ctx.reply();
        boolean changed = created;
        int argc = ctx.argc();
        if (multi) {
            w.array(argc - first);
        }
        for (int i = first; i < argc; i++) {
            int rv = f.insert(CuckooFilter.hash(ctx.arg(i)), nx);
            changed |= rv == CuckooFilter.INSERTED;
            if (rv == CuckooFilter.NO_SPACE && !multi) {
                w.error("Filter is full");
            } else {
                w.integer(rv);
            }
        }
        if (changed) {
            if (!created) {
                ctx.db().modified(key);
            }
            ctx.notify(EventClass.MODULE, event, key);
        }
    }

    static void check(CommandContext ctx) {
        CuckooFilter f = lookup(ctx, ctx.arg(1), true);
        byte[] name = ctx.arg(0);
        boolean multi = name.length > 3 && (name[3] | 0x20) == 'm';
        boolean count = (name[name.length - 1] | 0x20) == 't';
        ReplyWriter w = ctx.reply();
        int argc = ctx.argc();
        if (multi) {
            w.array(argc - 2);
        }
        for (int i = 2; i < argc; i++) {
            if (f == null) {
                w.integer(0);
                continue;
            }
            long h = CuckooFilter.hash(ctx.arg(i));
            w.integer(count ? f.count(h) : (f.check(h) ? 1 : 0));
        }
    }

    static void del(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        CuckooFilter f = lookup(ctx, key, false);
        if (f == null) {
            throw new KvException("Not found");
        }
        boolean deleted = f.delete(CuckooFilter.hash(ctx.arg(2)));
        if (deleted) {
            ctx.db().modified(key);
            ctx.notify(EventClass.MODULE, "cf.del", key);
        }
        ctx.reply().integer(deleted ? 1 : 0);
    }

    static void info(CommandContext ctx) {
        CuckooFilter f = lookup(ctx, ctx.arg(1), true);
        if (f == null) {
            throw new KvException(NOT_FOUND);
        }
        ReplyWriter w = ctx.reply();
        w.map(8);
        w.simple("Size");
        w.integer(f.reportedSize());
        w.simple("Number of buckets");
        w.integer(f.numBuckets);
        w.simple("Number of filters");
        w.integer(f.numFilters);
        w.simple("Number of items inserted");
        w.integer(f.numItems);
        w.simple("Number of items deleted");
        w.integer(f.numDeletes);
        w.simple("Bucket size");
        w.integer(f.bucketSize);
        w.simple("Expansion rate");
        w.integer(f.expansion);
        w.simple("Max iterations");
        w.integer(f.maxIterations);
    }

    // ---------------------------------------------------------------- SCANDUMP / LOADCHUNK

    static byte[] header(CuckooFilter f) {
        byte[] b = new byte[HEADER];
        Le.put64(b, 0, f.numItems);
        Le.put64(b, 8, f.numBuckets);
        Le.put64(b, 16, f.numDeletes);
        Le.put64(b, 24, f.numFilters);
        Le.put16(b, 32, f.bucketSize);
        Le.put16(b, 34, f.maxIterations);
        Le.put16(b, 36, f.expansion);
        return b;
    }

    /** CFHeader_Load: the empty filter a header describes, or null when it cannot be built. */
    static CuckooFilter fromHeader(byte[] b) {
        CuckooFilter f = new CuckooFilter();
        f.numItems = Le.i64(b, 0);
        f.numBuckets = Le.i64(b, 8);
        f.numDeletes = Le.i64(b, 16);
        long n = Le.i64(b, 24);
        f.bucketSize = Le.u16(b, 32);
        f.maxIterations = Le.u16(b, 34);
        f.expansion = Le.u16(b, 36);
        if (n <= 0 || n > 64 || f.numBuckets <= 0 || f.bucketSize < 1 || f.bucketSize > 255 || f.numItems < 0) {
            return null;
        }
        f.subBuckets = new long[(int) n];
        f.data = new byte[(int) n][];
        for (int i = 0; i < n; i++) {
            double nb = f.numBuckets * Math.pow(f.expansion, i);
            if (nb < 1 || nb * f.bucketSize > Integer.MAX_VALUE - 16) {
                return null;
            }
            f.subBuckets[i] = (long) nb;
            f.data[i] = new byte[(int) ((long) nb * f.bucketSize)];
        }
        f.numFilters = (int) n;
        return f;
    }

    static void scandump(CommandContext ctx) {
        byte[] p = ctx.arg(2);
        if (!Num.isLong(p)) {
            throw new KvException("Invalid position");
        }
        long pos = Num.toLong(p);
        CuckooFilter f = lookup(ctx, ctx.arg(1), true);
        if (f == null) {
            throw new KvException(NOT_FOUND);
        }
        ReplyWriter w = ctx.reply();
        w.array(2);
        if (f.numItems == 0) {
            w.integer(0);
            w.nullBulk();
            return;
        }
        if (pos == 0) {
            w.integer(1);
            w.bulk(header(f));
            return;
        }
        // CF_GetEncodedChunk: a sub-filter within the limit is returned whole
        long offset = pos - 1;
        int fi = 0;
        long size = 0;
        for (; fi < f.numFilters; fi++) {
            size = f.data[fi].length;
            if (offset < size) {
                break;
            }
            offset -= size;
        }
        if (fi == f.numFilters || offset < 0) {
            w.integer(0);
            w.nullBulk();
            return;
        }
        if (size <= MAX_CHUNK) {
            w.integer(pos + size);
            w.bulk(f.data[fi]);
        } else {
            int len = (int) Math.min(MAX_CHUNK, size - offset);
            w.integer(pos + len);
            w.bulk(f.data[fi], (int) offset, len);
        }
    }

    static void loadchunk(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        CuckooFilter f = lookup(ctx, key, false);
        byte[] p = ctx.arg(2);
        if (!Num.isLong(p) || Num.toLong(p) == 0) {
            throw new KvException("Invalid position");
        }
        long pos = Num.toLong(p);
        byte[] blob = ctx.arg(3);
        if (pos == 1) {
            if (f != null) {
                throw new KvException(ITEM_EXISTS);
            }
            if (blob.length != HEADER) {
                throw new KvException("Invalid header");
            }
            CuckooFilter fresh = fromHeader(blob);
            if (fresh == null) {
                throw new KvException("Couldn't create filter!");
            }
            ctx.db().put(key, fresh);
            ctx.notify(EventClass.MODULE, "cf.loadchunk", key);
            ctx.reply().ok();
            return;
        }
        if (f == null) {
            throw new KvException(NOT_FOUND);
        }
        long offset = pos - blob.length - 1;
        int fi = 0;
        for (; fi < f.numFilters; fi++) {
            long size = f.data[fi].length;
            if (offset < size) {
                break;
            }
            offset -= size;
        }
        if (blob.length == 0 || fi == f.numFilters || offset < 0 || offset + blob.length > f.data[fi].length) {
            throw new KvException("Couldn't load chunk!");
        }
        System.arraycopy(blob, 0, f.data[fi], (int) offset, blob.length);
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "cf.loadchunk", key);
        ctx.reply().ok();
    }
}
