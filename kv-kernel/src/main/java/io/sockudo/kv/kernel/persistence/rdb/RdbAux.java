package io.sockudo.kv.kernel.persistence.rdb;

/** An AUX field of an RDB header ({@code RDB_OPCODE_AUX}: a name and a value, both RDB strings). */
public record RdbAux(String key, String value) {
    /**
     * The AUX fields redis-server 7.0 writes at the start of every RDB ({@code rdbSaveInfoAuxFields}
     * without replication info): redis-ver, redis-bits, ctime, used-mem, aof-base.
     *
     * @param redisVersion the version written as {@code redis-ver}
     * @param ctimeSeconds the creation time, UNIX seconds
     * @param usedMemory   what INFO reports as used_memory
     * @param aofBase      true for the RDB preamble of an AOF base file
     */
    public static RdbAux[] standard(String redisVersion, long ctimeSeconds, long usedMemory, boolean aofBase) {
        return new RdbAux[] {
            new RdbAux("redis-ver", redisVersion),
            new RdbAux("redis-bits", "64"),
            new RdbAux("ctime", Long.toString(ctimeSeconds)),
            new RdbAux("used-mem", Long.toString(usedMemory)),
            new RdbAux("aof-base", aofBase ? "1" : "0"),
        };
    }

    /** The replication fields Redis adds before {@code aof-base} when it saves for a replica or with a replication id. */
    public static RdbAux[] replication(int streamDb, String replId, long replOffset) {
        return new RdbAux[] {
            new RdbAux("repl-stream-db", Integer.toString(streamDb)),
            new RdbAux("repl-id", replId),
            new RdbAux("repl-offset", Long.toString(replOffset)),
        };
    }
}
