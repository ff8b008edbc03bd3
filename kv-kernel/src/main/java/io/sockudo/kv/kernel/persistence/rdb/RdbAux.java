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

    /**
     * {@code standard} with {@code replication} (may be null) inserted before {@code aof-base},
     * which Redis writes last.
     */
    public static RdbAux[] withReplication(RdbAux[] standard, RdbAux[] replication) {
        if (replication == null || replication.length == 0) {
            return standard;
        }
        RdbAux[] all = new RdbAux[standard.length + replication.length];
        System.arraycopy(standard, 0, all, 0, standard.length - 1);
        System.arraycopy(replication, 0, all, standard.length - 1, replication.length);
        all[all.length - 1] = standard[standard.length - 1];
        return all;
    }

    /**
     * The replication facts an RDB carried ({@code repl-id}, {@code repl-offset},
     * {@code repl-stream-db}): a restarted replica continues its master's history from them with
     * a partial resync, as Redis's rdbSaveInfo.
     */
    public record ReplicationInfo(String replId, long replOffset, int streamDb) {
        /** Collects the three fields from the AUX records of a load; null unless all were there and valid. */
        public static final class Collector {
            private String id;
            private long offset = -1;
            private int db = -1;

            /** Called for every AUX record. */
            public void aux(byte[] key, byte[] value) {
                String k = new String(key, java.nio.charset.StandardCharsets.US_ASCII);
                String v = new String(value, java.nio.charset.StandardCharsets.US_ASCII);
                try {
                    switch (k) {
                        case "repl-id" -> id = v.length() == 40 ? v : null;
                        case "repl-offset" -> offset = Long.parseLong(v);
                        case "repl-stream-db" -> db = Integer.parseInt(v);
                        default -> {
                        }
                    }
                } catch (NumberFormatException e) {
                    // not a replication fact this server can use: the restart does a full sync
                }
            }

            public ReplicationInfo result() {
                return id != null && offset >= 0 && db >= 0 ? new ReplicationInfo(id, offset, db) : null;
            }
        }
    }
}
