package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ValueCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the RDB format as redis-server 7.0 does: the {@code REDIS0010} header and AUX fields,
 * SELECTDB and RESIZEDB, each key with its EXPIRETIME_MS / IDLE / FREQ opcodes, its type byte and its
 * value (through the type's {@link ValueCodec}, or as a {@code RDB_TYPE_MODULE_2} record for a
 * {@link ModuleTypeCodec}), and the EOF opcode with the CRC64 of everything before it.
 *
 * <p>Strings are written as Redis's {@code rdbSaveRawString} writes them (integer encodings, LZF
 * when {@code rdbcompression} is on). Output goes through a 64 KB buffer to the sink, and the
 * checksum is computed over each buffer as it is handed over, so a key costs no allocation beyond
 * what its codec needs. Not thread-safe: one writer per file or payload.
 *
 * <p>Use: {@link #header}, then per database {@link #selectDb} and {@link #resizeDb}, then
 * {@link #entry} per key, then {@link #finish}. The header is followed by the modules' aux records
 * saved before the keys, and {@link #finish} writes those saved after the keys before the EOF
 * ({@code RDB_OPCODE_MODULE_AUX}, as Redis's {@code rdbSaveModulesAux}), so every file and full
 * sync carries the modules' state outside the keyspace. {@link #forPayload()} writes a lone value into memory
 * (DUMP).
 */
public final class RdbWriter implements RdbOutput {
    private static final int BUFFER = 1 << 16;
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream sink;
    private final CodecRegistry codecs;
    private final boolean compression;
    private final boolean checksum;
    private byte[] buf;
    private int pos;
    private long crc;
    private long flushed;
    private byte[] lzfOut = new byte[64];
    private final ModuleItems moduleItems = new ModuleItems();

    /**
     * @param sink        where the bytes go (the writer buffers; it flushes the sink only in {@link #finish})
     * @param compression {@code rdbcompression}
     * @param checksum    {@code rdbchecksum}: false writes 0 as the checksum, as Redis does
     */
    public RdbWriter(OutputStream sink, CodecRegistry codecs, boolean compression, boolean checksum) {
        this.sink = sink;
        this.codecs = codecs;
        this.compression = compression;
        this.checksum = checksum;
        this.buf = new byte[BUFFER];
    }

    private RdbWriter(CodecRegistry codecs, boolean compression) {
        this.sink = null;
        this.codecs = codecs;
        this.compression = compression;
        this.checksum = false;
        this.buf = new byte[256];
    }

    /** A writer collecting into memory ({@link #toByteArray()}), for DUMP payloads. */
    public static RdbWriter forPayload(CodecRegistry codecs, boolean compression) {
        return new RdbWriter(codecs, compression);
    }

    // ---- file structure --------------------------------------------------------------------

    /** The magic and version ({@code REDIS0010}) and the AUX fields. */
    public void header(RdbAux... aux) throws IOException {
        writeRaw(MAGIC, 0, MAGIC.length);
        byte[] v = String.format("%04d", Rdb.VERSION).getBytes(StandardCharsets.US_ASCII);
        writeRaw(v, 0, v.length);
        for (RdbAux a : aux) {
            aux(a.key(), a.value());
        }
        moduleAux(ModuleAuxData.Phase.BEFORE_KEYS);
    }

    /**
     * One {@code RDB_OPCODE_MODULE_AUX} record per registered aux data saved in {@code phase}: the
     * module type id, the phase's {@code when} behind the unsigned-integer opcode, the items, the
     * module EOF opcode. A save that writes no item leaves no record (Redis 7.2's
     * {@code aux_save2}), so a module holding nothing does not make the file unreadable elsewhere.
     */
    public void moduleAux(ModuleAuxData.Phase phase) throws IOException {
        for (ModuleAuxData d : codecs.auxData()) {
            if (!d.phases().contains(phase)) {
                continue;
            }
            RdbWriter items = forPayload(codecs, compression);
            d.save(phase, items.moduleItems);
            if (items.pos == 0) {
                continue;
            }
            writeByte(Rdb.OPCODE_MODULE_AUX);
            writeLength(ModuleTypeIds.encode(d.typeName(), d.encodingVersion()));
            writeLength(Rdb.MODULE_OPCODE_UINT);
            writeLength(phase.when());
            writeRaw(items.buf, 0, items.pos);
            writeLength(Rdb.MODULE_OPCODE_EOF);
        }
    }

    /** One AUX field. */
    public void aux(String key, String value) throws IOException {
        writeByte(Rdb.OPCODE_AUX);
        writeString(key.getBytes(StandardCharsets.UTF_8));
        writeString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A function library ({@code RDB_OPCODE_FUNCTION2}: the library's code as one string). */
    public void function(byte[] code) throws IOException {
        writeByte(Rdb.OPCODE_FUNCTION2);
        writeString(code);
    }

    /** Starts a database's keys. */
    public void selectDb(int db) throws IOException {
        writeByte(Rdb.OPCODE_SELECTDB);
        writeLength(db);
    }

    /** The resize hint after SELECTDB: number of keys and of keys with an expiry. */
    public void resizeDb(long size, long expires) throws IOException {
        writeByte(Rdb.OPCODE_RESIZEDB);
        writeLength(size);
        writeLength(expires);
    }

    /**
     * One key: its expiry ({@code expireAtMs}, -1 for none), its LRU idle time in seconds (-1 to
     * omit; Redis writes it under an LRU {@code maxmemory-policy}) or LFU counter (-1 to omit; under
     * an LFU policy), its type, the key and the value.
     */
    public void entry(byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq)
            throws IOException {
        if (expireAtMs != -1) {
            writeByte(Rdb.OPCODE_EXPIRETIME_MS);
            writeMillis(expireAtMs);
        }
        if (lruIdleSeconds >= 0) {
            writeByte(Rdb.OPCODE_IDLE);
            writeLength(lruIdleSeconds);
        }
        if (lfuFreq >= 0) {
            writeByte(Rdb.OPCODE_FREQ);
            writeByte(lfuFreq);
        }
        ValueCodec c = value.type().codec();
        if (c != null) {
            writeByte(c.rdbType(value));
            writeString(key, 0, key.length);
            c.write(value, this);
        } else {
            writeByte(Rdb.TYPE_MODULE_2);
            writeString(key, 0, key.length);
            writeModuleBody(value);
        }
    }

    /**
     * A value alone, type byte first (what a DUMP payload starts with); returns the RDB type byte
     * written.
     */
    public int value(KvValue value) throws IOException {
        ValueCodec c = value.type().codec();
        if (c != null) {
            int t = c.rdbType(value);
            writeByte(t);
            c.write(value, this);
            return t;
        }
        writeByte(Rdb.TYPE_MODULE_2);
        writeModuleBody(value);
        return Rdb.TYPE_MODULE_2;
    }

    private void writeModuleBody(KvValue value) throws IOException {
        ModuleTypeCodec m = value.type().moduleCodec();
        if (m == null) {
            throw new IOException("value type '" + value.type().name() + "' has no codec");
        }
        writeLength(codecs.moduleId(m));
        try {
            m.save(value, moduleItems);
        } catch (RuntimeException | Error e) {
            // a module's codec failing fails this write (DUMP, a save), never the thread running it
            throw new IOException("the codec of value type '" + value.type().name() + "' failed: " + e, e);
        }
        writeLength(Rdb.MODULE_OPCODE_EOF);
    }

    /**
     * The modules' after-keys aux records, the EOF opcode and the checksum (0 with
     * {@code rdbchecksum no}); flushes the sink.
     */
    public void finish() throws IOException {
        moduleAux(ModuleAuxData.Phase.AFTER_KEYS);
        writeByte(Rdb.OPCODE_EOF);
        drain();
        long sum = checksum ? crc : 0;
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (sum >>> (8 * i));
        }
        if (sink != null) {
            sink.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
            sink.flush();
        }
    }

    /** Bytes produced so far. */
    public long bytesWritten() {
        return flushed + pos;
    }

    /** What a memory writer collected. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    // ---- RdbOutput -------------------------------------------------------------------------

    @Override
    public void writeLength(long len) throws IOException {
        ensure(9);
        byte[] b = buf;
        int p = pos;
        if (len >= 0 && len < (1 << 6)) {
            b[p++] = (byte) len;
        } else if (len >= 0 && len < (1 << 14)) {
            b[p++] = (byte) (((len >>> 8) & 0x3f) | 0x40);
            b[p++] = (byte) len;
        } else if (len >= 0 && len <= 0xffffffffL) {
            b[p++] = (byte) 0x80;
            b[p++] = (byte) (len >>> 24);
            b[p++] = (byte) (len >>> 16);
            b[p++] = (byte) (len >>> 8);
            b[p++] = (byte) len;
        } else {
            b[p++] = (byte) 0x81;
            for (int i = 7; i >= 0; i--) {
                b[p++] = (byte) (len >>> (8 * i));
            }
        }
        pos = p;
    }

    @Override
    public void writeString(byte[] v, int off, int len) throws IOException {
        if (len <= 11 && len > 0 && writeIntegerString(v, off, len)) {
            return;
        }
        if (compression && len > 20 && writeLzf(v, off, len, len - 4)) {
            return;
        }
        writeLength(len);
        writeRaw(v, off, len);
    }

    /** rdbTryIntegerEncoding: a canonical integer within 32 bits as INT8/16/32. */
    private boolean writeIntegerString(byte[] v, int off, int len) throws IOException {
        if (!Args.isLong(v, off, len)) {
            return false;
        }
        long n = Args.parseLongUnchecked(v, off, len);
        ensure(5);
        if (n >= -(1 << 7) && n <= (1 << 7) - 1) {
            buf[pos++] = (byte) (0xC0 | Rdb.ENC_INT8);
            buf[pos++] = (byte) n;
        } else if (n >= -(1 << 15) && n <= (1 << 15) - 1) {
            buf[pos++] = (byte) (0xC0 | Rdb.ENC_INT16);
            buf[pos++] = (byte) n;
            buf[pos++] = (byte) (n >>> 8);
        } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            buf[pos++] = (byte) (0xC0 | Rdb.ENC_INT32);
            buf[pos++] = (byte) n;
            buf[pos++] = (byte) (n >>> 8);
            buf[pos++] = (byte) (n >>> 16);
            buf[pos++] = (byte) (n >>> 24);
        } else {
            return false;
        }
        return true;
    }

    /** An LZF string if the compressed form fits in {@code limit} bytes. */
    private boolean writeLzf(byte[] v, int off, int len, int limit) throws IOException {
        if (lzfOut.length < limit) {
            lzfOut = new byte[Math.max(limit, Math.min(lzfOut.length * 2, 1 << 20))];
        }
        int comp = Lzf.get().compress(v, off, len, lzfOut, 0, limit);
        if (comp == 0) {
            return false;
        }
        writeByte(0xC0 | Rdb.ENC_LZF);
        writeLength(comp);
        writeLength(len);
        writeRaw(lzfOut, 0, comp);
        return true;
    }

    @Override
    public boolean writeCompressedNode(byte[] v, int off, int len) throws IOException {
        if (len < 48) { // Redis's MIN_COMPRESS_BYTES
            return false;
        }
        if (lzfOut.length < len) {
            lzfOut = new byte[len];
        }
        int comp = Lzf.get().compress(v, off, len, lzfOut, 0, len);
        if (comp == 0 || comp + 8 >= len) { // MIN_COMPRESS_IMPROVE
            return false;
        }
        writeByte(0xC0 | Rdb.ENC_LZF);
        writeLength(comp);
        writeLength(len);
        writeRaw(lzfOut, 0, comp);
        return true;
    }

    @Override
    public void writeBinaryDouble(double value) throws IOException {
        writeLe(Double.doubleToRawLongBits(value), 8);
    }

    @Override
    public void writeMillis(long millis) throws IOException {
        writeLe(millis, 8);
    }

    private void writeLe(long v, int bytes) throws IOException {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void writeRaw(byte[] value, int offset, int length) throws IOException {
        if (sink == null) {
            ensure(length);
            System.arraycopy(value, offset, buf, pos, length);
            pos += length;
            return;
        }
        if (length > buf.length - pos) {
            drain();
            if (length >= buf.length) {
                if (checksum) {
                    crc = Crc64.update(crc, value, offset, length);
                }
                sink.write(value, offset, length);
                flushed += length;
                return;
            }
        }
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
    }

    @Override
    public void writeByte(int b) throws IOException {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /** Room for {@code n} more bytes: a memory writer grows, a streaming writer hands its buffer over. */
    private void ensure(int n) throws IOException {
        if (buf.length - pos >= n) {
            return;
        }
        if (sink == null) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        } else {
            drain();
        }
    }

    /** Hands the buffer to the sink, adding it to the checksum. */
    private void drain() throws IOException {
        if (sink == null || pos == 0) {
            return;
        }
        if (checksum) {
            crc = Crc64.update(crc, buf, 0, pos);
        }
        sink.write(buf, 0, pos);
        flushed += pos;
        pos = 0;
    }

    /** The items of a module value, each behind its opcode ({@code RedisModule_Save*}). */
    private final class ModuleItems implements ModuleTypeOutput {
        @Override
        public void saveUnsigned(long value) throws IOException {
            writeLength(Rdb.MODULE_OPCODE_UINT);
            writeLength(value);
        }

        @Override
        public void saveSigned(long value) throws IOException {
            writeLength(Rdb.MODULE_OPCODE_SINT);
            writeLength(value);
        }

        @Override
        public void saveDouble(double value) throws IOException {
            writeLength(Rdb.MODULE_OPCODE_DOUBLE);
            writeBinaryDouble(value);
        }

        @Override
        public void saveFloat(float value) throws IOException {
            writeLength(Rdb.MODULE_OPCODE_FLOAT);
            writeLe(Float.floatToRawIntBits(value) & 0xffffffffL, 4);
        }

        @Override
        public void saveString(byte[] value, int offset, int length) throws IOException {
            writeLength(Rdb.MODULE_OPCODE_STRING);
            writeString(value, offset, length);
        }
    }
}
