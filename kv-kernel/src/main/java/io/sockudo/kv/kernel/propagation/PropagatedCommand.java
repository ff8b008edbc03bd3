package io.sockudo.kv.kernel.propagation;

/**
 * One command of the propagation stream: the database it applies to, its arguments, and where it
 * goes (AOF, replicas or both; PUBLISH reaches replicas only, as in Redis).
 */
public record PropagatedCommand(int db, byte[][] argv, int targets) {
    public static final int AOF = 1;
    public static final int REPLICAS = 2;
    public static final int ALL = AOF | REPLICAS;

    public boolean toAof() {
        return (targets & AOF) != 0;
    }

    public boolean toReplicas() {
        return (targets & REPLICAS) != 0;
    }
}
