package io.sockudo.kv.kernel.persistence.rdb;

import java.io.IOException;

/**
 * A failure to read an RDB file or payload: where it happened (the byte offset), why, and what kind
 * of failure it is, so the loader can log what Redis logs (see {@link #logLines()}).
 */
public final class RdbException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The file or payload ended early ("Short read or OOM loading DB..."). */
        SHORT_READ,
        /** The data is malformed (Redis's rdbReportCorruptRDB). */
        CORRUPT,
        /** The trailing CRC64 does not match. */
        CHECKSUM,
        /** Not an RDB file ("Wrong signature trying to load DB from file"). */
        SIGNATURE,
        /** A version we cannot read ("Can't handle RDB format version %d"). */
        VERSION,
    }

    private final Kind kind;
    private final long offset;
    private final String reason;

    public RdbException(Kind kind, long offset, String reason) {
        super(reason + " (offset " + offset + ")");
        this.kind = kind;
        this.offset = offset;
        this.reason = reason;
    }

    public RdbException(Kind kind, long offset, String reason, Throwable cause) {
        this(kind, offset, reason);
        initCause(cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Bytes of the file (or payload) read before the failure. */
    public long offset() {
        return offset;
    }

    /** The reason, in Redis's words where Redis has some. */
    public String reason() {
        return reason;
    }

    /**
     * The lines redis-server logs (at WARNING) for this failure while loading a file at start-up,
     * before "Terminating server after rdb file reading failure." (which the caller adds when it
     * stops). The source position Redis prints ({@code rdb.c:<line>}) is ours: {@code RdbReader}.
     */
    public String[] logLines() {
        String internal = "Internal error in RDB reading offset " + offset + ", function at RdbReader -> ";
        switch (kind) {
            case SHORT_READ:
                return new String[] {"Short read or OOM loading DB. Unrecoverable error, aborting now.",
                    internal + reason};
            case SIGNATURE:
            case VERSION:
                return new String[] {reason};
            case CHECKSUM:
                return new String[] {reason, internal + "RDB CRC error"};
            default:
                return new String[] {internal + reason};
        }
    }
}
