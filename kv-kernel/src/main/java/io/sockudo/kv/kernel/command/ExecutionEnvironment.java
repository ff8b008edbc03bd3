package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.stats.ServerStats;

/**
 * What a command's context reaches besides its client: the databases, the configuration,
 * keyspace events, the error statistics, the propagation stream ({@code propagateAs}) and the
 * ACL's checks (EXEC and scripts check again what they run). Shared by every {@link ExecutionContext}.
 */
public record ExecutionEnvironment(Keyspaces keyspaces, ConfigRegistry config, Notifier notifier, ServerStats stats,
                                   PropagationStream propagation, CommandAccess access) {
}
