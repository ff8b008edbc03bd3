package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.stats.ServerIdentity;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.kernel.tracking.Tracking;

/**
 * Everything INFO (and MEMORY, LASTSAVE, SHUTDOWN) read: INFO reports on the whole server, so it
 * is the one command family that sees this many subsystems, read-only.
 */
public record InfoSources(ConfigRegistry config, ServerStats stats, ServerIdentity identity, Keyspaces keyspaces,
                          ClientRegistry clients, OutputBufferGuard outputGuard, ModuleManager modules,
                          CommandTable commands, Tracking tracking,
                          io.sockudo.kv.kernel.persistence.RdbSnapshots snapshots,
                          io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile aof,
                          io.sockudo.kv.kernel.scripting.ScriptingInfo scripting,
                          io.sockudo.kv.kernel.replication.Replication replication,
                          io.sockudo.kv.kernel.memory.MemoryLimit memoryLimit,
                          io.sockudo.kv.kernel.eviction.Evictor evictor,
                          io.sockudo.kv.kernel.latency.LatencyTracking latencyTracking,
                          io.sockudo.kv.kernel.pubsub.PubSub pubsub,
                          io.sockudo.kv.kernel.client.ClientEviction clientEviction) {
}
