package io.sockudo.kv.kernel.persistence.aof;

import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.persistence.RdbSnapshots;

/**
 * Redis's writeCommandsDeniedByDiskError: while the last BGSAVE failed (with save points and
 * {@code stop-writes-on-bgsave-error yes}) or the last AOF write failed, write commands and PING
 * are refused with MISCONF, so clients learn that what they write would not be persisted. Reads
 * go on. Two volatile reads per write command when all is well.
 */
public final class DiskErrorAdmission implements GatedStage {
    static final String BGSAVE_ERROR = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";

    private final RdbSnapshots snapshots;
    private final AppendOnlyFile aof;
    private final ConfigRegistry config;
    private final Rejections rejections;

    public DiskErrorAdmission(RdbSnapshots snapshots, AppendOnlyFile aof, ConfigRegistry config,
                              Rejections rejections) {
        this.snapshots = snapshots;
        this.aof = aof;
        this.config = config;
        this.rejections = rejections;
    }

    /** Engaged after a failed background save or AOF write (both tell the pipeline when that changes). */
    @Override
    public boolean engaged() {
        return !snapshots.lastBgsaveOk() || !aof.lastWriteOk();
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        if (!cmd.isWrite() && !"ping".equals(cmd.fullName())) {
            return true;
        }
        if (!snapshots.lastBgsaveOk() && config.getBoolean("stop-writes-on-bgsave-error")
                && snapshots.savePointsConfigured()) {
            rejections.reject(ctx, cmd, BGSAVE_ERROR);
            return false;
        }
        if (!aof.lastWriteOk() && aof.enabled()) {
            rejections.reject(ctx, cmd, "MISCONF Errors writing to the AOF file: " + aof.lastWriteError());
            return false;
        }
        return true;
    }
}
