package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/** Commands on parts of a string: APPEND STRLEN GETRANGE SUBSTR SETRANGE. */
final class RangeCommands {
    private static final String RANGE_COMPLEXITY = "O(N) where N is the length of the returned string. "
            + "The complexity is ultimately determined by the returned length, but because creating a substring "
            + "from an existing string is very cheap, it can be considered O(1) for small strings.";

    private RangeCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("append").arity(3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "INSERT").acl("write", "string", "fast").group("string")
                .summary("Append a value to a key").since("2.0.0")
                .complexity("O(1). The amortized time complexity is O(1) assuming the appended value is small and "
                        + "the already present value is of any size, since the dynamic string library used by Redis "
                        + "will double the free space available on every reallocation.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("value"))
                .handler(RangeCommands::append).build());
        r.command(CommandSpec.builder("strlen").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO").acl("read", "string", "fast").group("string")
                .summary("Get the length of the value stored in a key").since("2.2.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(RangeCommands::strlen).build());
        r.command(CommandSpec.builder("getrange").arity(4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "string", "slow").group("string")
                .summary("Get a substring of the string stored at a key").since("2.4.0").complexity(RANGE_COMPLEXITY)
                .args(ArgSpec.key("key", 0), ArgSpec.integer("start"), ArgSpec.integer("end"))
                .handler(RangeCommands::getrange).build());
        r.command(CommandSpec.builder("substr").arity(4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "string", "slow").group("string")
                .summary("Get a substring of the string stored at a key").since("1.0.0").complexity(RANGE_COMPLEXITY)
                .docFlags("deprecated")
                .deprecatedSince("2.0.0")
                .replacedBy("`GETRANGE`")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("start"), ArgSpec.integer("end"))
                .handler(RangeCommands::getrange).build());
        r.command(CommandSpec.builder("setrange").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "UPDATE").acl("write", "string", "slow").group("string")
                .summary("Overwrite part of a string at key starting at the specified offset").since("2.2.0")
                .complexity("O(1), not counting the time taken to copy the new string in place. Usually, this "
                        + "string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) "
                        + "with M being the length of the value argument.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("offset"), ArgSpec.string("value"))
                .handler(RangeCommands::setrange).build());
    }

    static void append(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        byte[] suffix = ctx.arg(2);
        KvValue o = ctx.db().get(key);
        int total;
        if (o == null) {
            // a new key is stored like SET stores it (so it may be int or embstr encoded)
            ctx.db().put(key, StringValue.of(suffix));
            total = suffix.length;
        } else {
            if (!(o instanceof StringValue s)) {
                ctx.reply().wrongType();
                return;
            }
            StringLimits.check(ctx, s.length(), suffix.length);
            s.append(suffix);
            ctx.db().modified(key);
            total = s.length();
        }
        ctx.notify(EventClass.STRING, "append", key);
        ctx.reply().integer(total);
    }

    static void strlen(CommandContext ctx) {
        KvValue o = ctx.db().read(ctx.arg(1));
        if (o == null) {
            ctx.reply().integer(0);
        } else if (o instanceof StringValue s) {
            ctx.reply().integer(s.length());
        } else {
            ctx.reply().wrongType();
        }
    }

    static void getrange(CommandContext ctx) {
        long start = Args.toLong(ctx.arg(2));
        long end = Args.toLong(ctx.arg(3));
        KvValue o = ctx.db().read(ctx.arg(1));
        if (o == null) {
            ctx.reply().bulk(StringCommands.EMPTY);
            return;
        }
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return;
        }
        long len = s.length();
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().bulk(StringCommands.EMPTY);
            return;
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            ctx.reply().bulk(StringCommands.EMPTY);
        } else {
            ctx.reply().bulk(s.array(), (int) start, (int) (end - start + 1));
        }
    }

    static void setrange(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        long offset = Args.toLong(ctx.arg(2));
        byte[] value = ctx.arg(3);
        if (offset < 0) {
            throw new KvException("ERR offset is out of range");
        }
        KvValue o = ctx.db().get(key);
        int total;
        if (o == null) {
            if (value.length == 0) {
                ctx.reply().integer(0); // setting nothing on a missing key creates nothing
                return;
            }
            StringLimits.check(ctx, offset, value.length);
            byte[] b = new byte[(int) offset + value.length];
            System.arraycopy(value, 0, b, (int) offset, value.length);
            ctx.db().put(key, StringValue.raw(b));
            total = b.length;
        } else {
            if (!(o instanceof StringValue s)) {
                ctx.reply().wrongType();
                return;
            }
            if (value.length == 0) {
                ctx.reply().integer(s.length());
                return;
            }
            StringLimits.check(ctx, offset, value.length);
            s.setRange((int) offset, value);
            ctx.db().modified(key);
            total = s.length();
        }
        ctx.notify(EventClass.STRING, "setrange", key);
        ctx.reply().integer(total);
    }
}
