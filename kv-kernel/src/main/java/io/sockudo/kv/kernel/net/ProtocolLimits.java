package io.sockudo.kv.kernel.net;

/** Input limits, live-updated from CONFIG (proto-max-bulk-len, client-query-buffer-limit). */
public final class ProtocolLimits {
    /** Redis's PROTO_INLINE_MAX_SIZE. */
    public static final int INLINE_MAX = 64 * 1024;
    private volatile long maxBulkLen = 512L * 1024 * 1024;
    private volatile long queryBufferLimit = 1024L * 1024 * 1024;

    // ---- accessors --------------------------------------------------------------------------

    public long maxBulkLen() {
        return maxBulkLen;
    }

    public void maxBulkLen(long value) {
        this.maxBulkLen = value;
    }

    public long queryBufferLimit() {
        return queryBufferLimit;
    }

    public void queryBufferLimit(long value) {
        this.queryBufferLimit = value;
    }
}
