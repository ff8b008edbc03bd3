package io.sockudo.kv.spi;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Data a module keeps outside the keyspace (search index definitions, spell-check dictionaries)
 * that must survive a restart and reach a replica with its full sync. It is persisted as Redis
 * persists a module's auxiliary data (a module type's {@code aux_save}/{@code aux_load}
 * callbacks): an RDB file, the RDB preamble of an AOF base file and a full-sync payload carry one
 * {@code RDB_OPCODE_MODULE_AUX} record per registered {@code ModuleAuxData} and {@link Phase}:
 * the 64-bit module type id made of {@link #typeName()} and {@link #encodingVersion()}, the phase
 * (as an unsigned item, Redis's {@code when}), the items {@link #save} writes, and the module EOF
 * opcode.
 *
 * <p>Register it with {@link ModuleRegistry#auxData}. The persistence engine:
 * <ul>
 *   <li>calls {@code save(BEFORE_KEYS, out)} after the header's AUX fields and before the first
 *       database, and {@code save(AFTER_KEYS, out)} after the last key, before the EOF opcode,
 *       for the phases listed in {@link #phases()}. A call that writes no item leaves no record
 *       (Redis's {@code aux_save2}), so a server whose module holds nothing writes a file that
 *       a server without the module can read;</li>
 *   <li>on load, calls {@code load(phase, in, encodingVersion)} for each record, with the phase and
 *       encoding version the record carries. A record whose type name no registered
 *       {@code ModuleAuxData} has fails the load (Redis: "The RDB file contains AUX module data I
 *       can't load: no matching module"), as does an IOException from {@code load};</li>
 *   <li>empties the dataset before loading into a running server (DEBUG RELOAD, a replica's full
 *       sync) the way FLUSHALL does, so {@link KeyspaceListener#onFlush} tells the module to drop
 *       what it held before the records arrive.</li>
 * </ul>
 *
 * <p>Threads: {@code save} runs on the persistence thread while commands keep running (the
 * snapshot does not stop the server), so it must take whatever locks make its data consistent and
 * copy what it writes. {@code load} runs while no command runs (start-up, or a replica loading).
 * Keys loaded between the two phases do not go through commands: they reach the keyspace
 * listeners' {@link KeyspaceListener#onLoaded}; the {@code AFTER_KEYS} load runs when every key is
 * in place.
 */
public interface ModuleAuxData {

    /** When a record is written and read, relative to the keys of the file. */
    enum Phase {
        /** Before the first key ({@code REDISMODULE_AUX_BEFORE_RDB}). */
        BEFORE_KEYS(1),
        /** After the last key ({@code REDISMODULE_AUX_AFTER_RDB}). */
        AFTER_KEYS(2);

        private final int when;

        Phase(int when) {
            this.when = when;
        }

        /** The {@code when} value Redis writes into the record. */
        public int when() {
            return when;
        }

        /** The phase of a record's {@code when} value, or null for an unknown one. */
        public static Phase of(long when) {
            return when == 1 ? BEFORE_KEYS : when == 2 ? AFTER_KEYS : null;
        }
    }

    /**
     * The module type name the records are written under: exactly 9 characters from
     * {@code A-Z a-z 0-9 - _}, unique among registered aux data. Use the name of the Redis module
     * whose aux data it is only when the items follow that module's layout; otherwise a name of
     * your own makes a Redis server with that module refuse the file cleanly instead of misreading it.
     */
    String typeName();

    /** The encoding version written with every record, 0 to 1023. */
    int encodingVersion();

    /** The phases this data is saved in ({@code aux_save_triggers}); before the keys by default. */
    default Set<Phase> phases() {
        return EnumSet.of(Phase.BEFORE_KEYS);
    }

    /** Writes the data for {@code phase} as items; writing nothing leaves no record. */
    void save(Phase phase, ModuleTypeOutput out) throws IOException;

    /**
     * Reads a record written in {@code phase} with {@code encodingVersion} (this codec's or an
     * older one). Throws IOException on a payload it cannot read.
     */
    void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException;

    /**
     * Writes this state as the commands that rebuild it, for an AOF base in command form
     * ({@code aof-use-rdb-preamble no}, where no aux record exists): emitted before the keys, so a
     * replay recreates it before the keys arrive (the search family emits FT.CREATE, FT.ALTER,
     * FT.SYNUPDATE, FT.ALIASADD, FT.DICTADD). Runs as {@link #save} does. The default emits
     * nothing: state not written here is not in such a file (Redis modules have no aux rewrite
     * either), so a module whose state matters overrides it.
     */
    default void rewrite(AofOutput out) throws IOException {
    }
}
