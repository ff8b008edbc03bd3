package com.example.greeter;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.SpiVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plugin: {@code GREET.HELLO key [name]} stores a greeting under {@code key} (a value of the
 * {@code greeting} type, counting how often it was greeted) and replies with it, and
 * {@code GREET.GET key} reads it back with that count; the name defaults
 * to the {@code greeter.default-name} config option. INFO has a {@code greeter} section.
 */
public final class GreeterModule implements KvModule {
    private final LongAdder greeted = new LongAdder();
    private ServerConfigView config;

    @Override
    public String name() {
        return "greeter";               // MODULE LIST, MODULE UNLOAD greeter, the config prefix
    }

    @Override
    public int version() {
        return 10000;                   // 1.0.0, as Redis modules encode versions
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;      // copied in at compile time: the SPI this jar was built against
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        config = registry.config();
        registry.valueType(GreetingType.INSTANCE);
        // Redis requires module options to be named <module>.<name>
        registry.configOption(ConfigOption.string("greeter.default-name", "world"));
        registry.infoSection("greeter", field -> field.accept("greeted", Long.toString(greeted.sum())));
        registry.command(CommandSpec.builder("greet.hello")
                .arity(-2)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE")
                .acl("write", "fast")
                .summary("Greets someone and remembers it under a key").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.string("name").optional())
                .handler(this::hello)
                .build());
        registry.command(CommandSpec.builder("greet.get")
                .arity(2)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS")
                .acl("read", "fast")
                .summary("Returns the greeting under a key and how often it was given").since("1.0.0")
                .complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(this::get)
                .build());
    }

    private void get(CommandContext ctx) {
        KvValue v = ctx.db().get(ctx.arg(1));
        if (v == null) {
            ctx.reply().nullBulk();
        } else if (v instanceof Greeting g) {
            ctx.reply().array(2);        // one reply: an array and its two elements
            ctx.reply().bulk(g.text);
            ctx.reply().integer(g.times);
        } else {
            ctx.reply().wrongType();
        }
    }

    private void hello(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        KvValue v = ctx.db().get(key);
        if (v != null && !(v instanceof Greeting)) {
            ctx.reply().wrongType();     // another type's key: Redis's WRONGTYPE
            return;
        }
        String name = ctx.argc() > 2 ? new String(ctx.arg(2), StandardCharsets.UTF_8)
                : config.get("greeter.default-name");
        Greeting g = (Greeting) v;
        if (g == null) {
            g = new Greeting("Hello, " + name + "!", 1);
            ctx.db().put(key, g);        // put() tells WATCH, replication and the AOF
        } else {
            g.text = "Hello, " + name + "!";
            g.times++;
            ctx.db().modified(key);      // an in-place change must be announced
        }
        greeted.increment();
        ctx.notify(EventClass.MODULE, "greet.hello", key);
        ctx.reply().bulk(g.text);        // exactly one reply
    }

    @Override
    public void unload() {
        // stop threads, close files... (nothing to release here)
    }
}
