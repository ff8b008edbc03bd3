package io.sockudo.kv.kernel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A kernel without networking for unit tests: the kernel's own commands (plus any extra specs),
 * and a client whose replies are captured as text, in RESP2 or RESP3.
 */
public final class CommandHarness {
    public final Kernel kernel;
    private final RespWriter writer = new RespWriter();
    private final ExecutionContext ctx;
    private final Client client;

    public CommandHarness(CommandSpec... extra) {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        config.set("save", "");
        config.set("enable-debug-command", "yes");
        kernel = new Kernel(config);
        if (extra.length > 0) {
            kernel.registrar().addAll(List.of(extra), "test");
        }
        client = new Client(1, null);
        ctx = new ExecutionContext(kernel.environment(), client, writer);
    }

    /** Runs a command and returns its reply with CR LF shown as they are. */
    public String run(int protocol, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        ByteBuf out = Unpooled.buffer();
        writer.target(out);
        writer.protocol(protocol);
        client.protocol(protocol);
        try {
            kernel.dispatcher().execute(ctx, argv);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            writer.target(null);
            out.release();
        }
    }

    public String run(String... args) {
        return run(2, args);
    }

    /** RESP text with CR LF written as the escapes used in the expected strings of tests. */
    public static String show(String resp) {
        return resp.replace("\r", "\\r").replace("\n", "\\n");
    }
}
