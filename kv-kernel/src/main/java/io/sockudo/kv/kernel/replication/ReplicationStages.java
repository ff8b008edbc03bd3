package io.sockudo.kv.kernel.replication;

import io.sockudo.kv.kernel.command.CommandPipeline;
import io.sockudo.kv.kernel.command.CommandStage;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.spi.CommandFlag;

/**
 * The admission checks replication brings to the {@link CommandPipeline}, with Redis 7.0's texts
 * and conditions from {@code processCommand}: NOREPLICAS (min-replicas-to-write), READONLY (a
 * read-only replica refuses clients' writes; its master's are applied), MASTERDOWN (a replica
 * whose link is down, with replica-serve-stale-data no, answers only {@code stale} commands) and
 * LOADING (while a replica loads its master's RDB, only {@code loading} commands run).
 */
public final class ReplicationStages {
    static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    static final String READONLY = "READONLY You can't write against a read only replica.";
    static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    static final String LOADING = "LOADING Redis is loading the dataset in memory";

    private ReplicationStages() {
    }

    /**
     * Adds the four stages at their positions, gated: MIN_REPLICAS is engaged while
     * min-replicas-to-write applies, READ_ONLY_REPLICA and STALE_REPLICA while this server is a
     * replica, LOADING while it loads its master's data; {@link Replication} tells the pipeline
     * when any of that changes.
     */
    public static void install(CommandPipeline pipeline, Replication repl, ConfigRegistry config,
                               Rejections rejections) {
        pipeline.add(CommandPipeline.Stage.MIN_REPLICAS, GatedStage.of(repl::minReplicasEnforced, (ctx, cmd) -> {
            if (!cmd.isWrite() || repl.enoughGoodReplicas()) {
                return true;
            }
            rejections.reject(ctx, cmd, NOREPLICAS);
            return false;
        }));
        pipeline.add(CommandPipeline.Stage.READ_ONLY_REPLICA, GatedStage.of(repl::isReplica, (ctx, cmd) -> {
            if (!cmd.isWrite() || !repl.isReplica() || repl.isMasterClient(ctx.clientState())
                    || !config.getBoolean("replica-read-only")) {
                return true;
            }
            rejections.reject(ctx, cmd, READONLY);
            return false;
        }));
        pipeline.add(CommandPipeline.Stage.STALE_REPLICA, GatedStage.of(repl::isReplica, (ctx, cmd) -> {
            if (!repl.isReplica() || cmd.hasFlag(CommandFlag.STALE) || repl.linkUp()
                    || config.getBoolean("replica-serve-stale-data") || repl.isMasterClient(ctx.clientState())) {
                return true;
            }
            rejections.reject(ctx, cmd, MASTERDOWN);
            return false;
        }));
        pipeline.add(CommandPipeline.Stage.LOADING,
                GatedStage.of(() -> repl.loading() || repl.asyncLoading(), loading(repl, rejections)));
        repl.onStateChange(pipeline::stateChanged);
    }

    private static CommandStage loading(Replication repl, Rejections rejections) {
        return (ExecutionContext ctx, RegisteredCommand cmd) -> {
            if (repl.asyncLoading() ? !cmd.hasFlag(CommandFlag.NO_ASYNC_LOADING)
                    : !repl.loading() || cmd.hasFlag(CommandFlag.LOADING)) {
                return true;
            }
            rejections.reject(ctx, cmd, LOADING);
            return false;
        };
    }
}
