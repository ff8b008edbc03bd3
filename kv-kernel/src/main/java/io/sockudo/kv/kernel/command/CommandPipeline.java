package io.sockudo.kv.kernel.command;

import java.util.EnumMap;
import java.util.Map;

/**
 * The ordered stages a resolved command passes before it runs, in the spirit of Netty's pipeline:
 * each stage is contributed by the subsystem it belongs to, at the position {@link Stage}
 * declares, which follows the order of Redis's {@code processCommand}. Lookup and arity come
 * before the pipeline ({@link Dispatcher#resolve}); execution under the shard locks
 * ({@link CommandRunner}) and propagation come after it.
 */
public final class CommandPipeline {
    /**
     * The stage positions, in order. Stages that do not exist yet have their place here so the
     * subsystems that bring them know where they go.
     */
    public enum Stage {
        /** DEBUG, MODULE LOAD...: {@code enable-*-command} (before authentication, as Redis). */
        PROTECTED,
        /** NOAUTH unless authenticated or the command is {@code no-auth}. */
        AUTH,
        /** Where ACL permission checks go (users, key and channel patterns). */
        ACL,
        /** Where cluster redirection (MOVED/ASK) goes. */
        CLUSTER,
        /** Where OOM for {@code denyoom} commands past {@code maxmemory} (after eviction) goes. */
        MEMORY,
        /** MISCONF: writes refused after a failed background save or AOF write. */
        DISK_ERROR,
        /** Where NOREPLICAS ({@code min-replicas-to-write}) goes. */
        MIN_REPLICAS,
        /** Where READONLY (a read-only replica refusing writes from clients) goes. */
        READ_ONLY_REPLICA,
        /** A RESP2 client with subscriptions runs only the pub/sub commands, PING, QUIT, RESET. */
        SUBSCRIBED,
        /** Where MASTERDOWN ({@code replica-serve-stale-data no} with the link down) goes. */
        STALE_REPLICA,
        /** Where LOADING (a dataset being loaded) goes. */
        LOADING,
        /** Where BUSY (a script running too long) goes. */
        SCRIPT,
        /** CLIENT PAUSE holds covered commands. */
        PAUSE,
        /** MULTI queues commands until EXEC. */
        MULTI
    }

    private final Map<Stage, CommandStage> byPosition = new EnumMap<>(Stage.class);
    /** The stages in order, copied on change: read on every command without locking. */
    private volatile CommandStage[] ordered = new CommandStage[0];
    /** The stages that are not gated (MEMORY), in order: all a command passes while nothing is engaged. */
    private volatile CommandStage[] ungated = new CommandStage[0];
    /**
     * One bit per gated stage ({@code 1 << position.ordinal()}) whose server-side condition holds:
     * recomputed by {@link #stateChanged}, read on every command. 0 is "all clear".
     */
    private volatile int engaged;

    /** Puts {@code stage} at its position; a position takes one stage. */
    public synchronized void add(Stage position, CommandStage stage) {
        if (byPosition.putIfAbsent(position, stage) != null) {
            throw new IllegalStateException("stage " + position + " is already set");
        }
        ordered = byPosition.values().toArray(new CommandStage[0]);
        ungated = byPosition.values().stream().filter(s -> !(s instanceof GatedStage)).toArray(CommandStage[]::new);
        stateChanged();
    }

    /** The positions that have a stage, in order. */
    public synchronized java.util.List<Stage> stages() {
        return java.util.List.copyOf(byPosition.keySet());
    }

    /**
     * Recomputes which gated stages are engaged. Every owner of state a {@link GatedStage#engaged}
     * reads calls it after changing that state (CONFIG SET of the options involved, the replica
     * role, loading, CLIENT PAUSE, scripts in flight, ACL users, failed saves). Synchronized, so
     * the last caller's view wins: a caller that changed state and then calls this cannot be
     * overwritten by a recomputation that read the state before its change.
     */
    public synchronized void stateChanged() {
        int bits = 0;
        for (Map.Entry<Stage, CommandStage> e : byPosition.entrySet()) {
            if (e.getValue() instanceof GatedStage g && g.engaged()) {
                bits |= 1 << e.getKey().ordinal();
            }
        }
        engaged = bits;
    }

    /** The gated stages engaged now (tests, DEBUG). */
    public java.util.Set<Stage> engaged() {
        int bits = engaged;
        java.util.Set<Stage> out = java.util.EnumSet.noneOf(Stage.class);
        for (Stage s : Stage.values()) {
            if ((bits & (1 << s.ordinal())) != 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether a command of {@code client} would skip the gated stages now (tests). */
    public boolean allClear(io.sockudo.kv.kernel.client.Client client, RegisteredCommand cmd) {
        return (engaged | client.admissionHolds()) == 0 && !cmd.gatedAlways();
    }

    /**
     * Runs the stages in order; false as soon as one has taken care of the command. When nothing
     * engages a gated stage — no server state, no client hold, not a protected command — only the
     * ungated ones run: every gated stage would have passed the command.
     */
    boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        CommandStage[] stages = (engaged | ctx.clientState().admissionHolds()) == 0 && !cmd.gatedAlways()
                ? ungated : ordered;
        for (CommandStage s : stages) {
            if (!s.admit(ctx, cmd)) {
                return false;
            }
        }
        return true;
    }
}
