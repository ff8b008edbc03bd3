package io.sockudo.kv.kernel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.kernel.resp.RespWriter;

import java.nio.charset.StandardCharsets;

/**
 * A kernel with its own commands registered and no network: tests open {@link Conn}s that run
 * commands through the dispatcher exactly as a connection would, and read the reply bytes.
 */
public final class KernelHarness {
    public final Kernel kernel;

    public KernelHarness(String... overrides) {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            config.set(overrides[i], overrides[i + 1]);
        }
        kernel = new Kernel(config);
    }

    public Conn connect() {
        return new Conn(kernel);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One client: runs commands and returns each reply as text. */
    public static final class Conn {
        public final Client client;
        public final ExecutionContext ctx;
        public final RespWriter writer = new RespWriter();
        private final Kernel kernel;
        private final ByteBuf out = Unpooled.buffer();

        Conn(Kernel kernel) {
            this.kernel = kernel;
            this.client = new Client(kernel.clients().nextId(), null);
            this.ctx = new ExecutionContext(kernel.environment(), client, writer);
            writer.target(out);
            kernel.clients().add(client);
            kernel.connectionListeners().opened(client);
        }

        public String call(String... args) {
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                argv[i] = bytes(args[i]);
            }
            out.clear();
            kernel.dispatcher().execute(ctx, argv);
            return out.toString(StandardCharsets.UTF_8);
        }

        public void close() {
            kernel.clients().remove(client);
            kernel.connectionListeners().closed(client);
        }
    }
}
