package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ServerConfigView;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * DUMP/RESTORE payloads as Redis makes them ({@code createDumpPayload}/{@code verifyDumpPayload}):
 * the value's RDB type byte and body, the RDB version as two little-endian bytes (10; 12 for a
 * hash with field TTLs, whose record types Redis 7.4 introduced), then the CRC64 of all of that as
 * eight little-endian bytes.
 */
public final class DumpPayload {
    /** Why a payload was refused, mapped by RESTORE to Redis's error texts. */
    public enum Problem {
        /** "ERR DUMP payload version or checksum are wrong" */
        VERSION_OR_CHECKSUM,
        /** "ERR Bad data format" */
        BAD_FORMAT,
    }

    /** A refused payload. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        Refused(Problem problem, String detail) {
            this(problem, detail, null);
        }

        Refused(Problem problem, String detail, Throwable cause) {
            super(detail, cause, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private DumpPayload() {
    }

    /** The payload DUMP returns for {@code value}. */
    public static byte[] create(KvValue value, CodecRegistry codecs, boolean compression) {
        RdbWriter w = RdbWriter.forPayload(codecs, compression);
        try {
            int type = w.value(value);
            int ver = Rdb.dumpVersion(type);
            w.writeByte(ver & 0xff);
            w.writeByte((ver >>> 8) & 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a memory writer does no I/O
        }
        byte[] body = w.toByteArray();
        long crc = Crc64.of(body);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++) {
            out[body.length + i] = (byte) (crc >>> (8 * i));
        }
        return out;
    }

    /**
     * Checks the footer of a payload (Redis's {@code verifyDumpPayload}): at least 10 bytes, a
     * version we read, and the checksum unless {@code skipChecksum}.
     */
    public static boolean verify(byte[] p, boolean skipChecksum) {
        if (p.length < 10) {
            return false;
        }
        int ver = (p[p.length - 10] & 0xff) | (p[p.length - 9] & 0xff) << 8;
        if (ver > Rdb.MAX_READ_VERSION) {
            return false;
        }
        if (skipChecksum) {
            return true;
        }
        long crc = Crc64.update(0, p, 0, p.length - 8);
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (p[p.length - 8 + i] & 0xffL);
        }
        return crc == stored;
    }

    /** The value a payload holds. */
    public static KvValue parse(byte[] p, CodecRegistry codecs, ServerConfigView config, boolean deep,
                                boolean skipChecksum) throws Refused {
        if (!verify(p, skipChecksum)) {
            throw new Refused(Problem.VERSION_OR_CHECKSUM, "DUMP payload version or checksum are wrong");
        }
        RdbReader r = new RdbReader(p, p.length - 10, codecs, config, deep);
        try {
            int type = r.readByte();
            if (!Rdb.isObjectType(type)) {
                throw new Refused(Problem.BAD_FORMAT, "unknown type " + type);
            }
            KvValue v = r.readValue(type);
            if (v == null) {
                throw new Refused(Problem.BAD_FORMAT, "empty value");
            }
            return v;
        } catch (IOException e) {
            // the cause keeps a module codec's own reason (MODULE RELOAD reports it)
            throw new Refused(Problem.BAD_FORMAT, e.getMessage(), e);
        }
    }
}
