package io.sockudo.kv.kernel.net;

import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.kernel.client.ClientDescriber;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import io.sockudo.kv.kernel.command.Dispatcher;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.stats.ServerStats;

/**
 * What a connection needs from the rest of the server: the dispatcher it hands commands to, the
 * environment of its command context, the client registry and listeners, CLIENT PAUSE, the
 * authentication state, the options it reads (maxclients, protected-mode), statistics, the
 * output-buffer guard, the protocol limits, and what must happen before replies leave
 * ({@code beforeReplies}: the AOF reaches the disk with appendfsync always; {@code groupCommit}
 * tells when the connections of a loop should batch their flushes behind it), client eviction
 * ({@code maxmemory-clients}: the connection measures its client after reads and queued replies).
 */
public record ConnectionServices(Dispatcher dispatcher, ExecutionEnvironment environment, ClientRegistry clients,
                                 ConnectionListeners listeners, ClientPause pause, Authentication auth,
                                 ConfigRegistry config, ServerStats stats, OutputBufferGuard outputGuard,
                                 ClientDescriber describer, ProtocolLimits limits, Runnable beforeReplies,
                                 java.util.function.BooleanSupplier groupCommit,
                                 io.sockudo.kv.kernel.client.ClientEviction eviction) {
}
