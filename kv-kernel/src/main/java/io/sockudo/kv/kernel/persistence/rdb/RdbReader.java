package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the RDB format: whole files of versions 1 to 12 ({@link #read}) with every record type
 * Redis 7.0 reads plus those 7.2/7.4 added for what our values hold (set listpacks, streams v3,
 * hashes with field TTLs), or a lone value ({@link #readValue}, RESTORE). Values are built by the
 * codecs of the registered types ({@link CodecRegistry}); module-type records by the
 * {@link ModuleTypeCodec} of the type named in the record.
 *
 * <p>Every length is checked against what is left before anything is allocated; every failure is
 * an {@link RdbException} carrying the byte offset and Redis's reason. Input is read through a
 * 64 KB buffer and the CRC64 is computed over each buffer as it is consumed. Not thread-safe.
 */
public final class RdbReader implements RdbInput {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final long length;
    private final CodecRegistry codecs;
    private final ServerConfigView config;
    private final boolean deep;
    private final boolean verifyChecksum;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Offset in the input of {@code buf[0]}. */
    private long base;
    private long crc;
    /** {@code buf[0, crcPos)} is in {@link #crc}. */
    private int crcPos;
    private int version = Rdb.VERSION;
    private final ModuleItems moduleItems = new ModuleItems();

    /** How the checksum of a file was handled. */
    public enum Checksum {
        /** Present and correct. */
        VERIFIED,
        /** The file carries 0: written with {@code rdbchecksum no} ("no check performed"). */
        DISABLED_IN_FILE,
        /** Not checked: {@code rdbchecksum no} here, or a version before 5 (no checksum). */
        NOT_CHECKED,
    }

    /** What a whole-file read found. */
    public record Summary(int version, Checksum checksum, long keys, long emptyKeys, long bytes) {
    }

    /**
     * A reader of a file or stream.
     *
     * @param length         the input's size when known (bounds lengths before allocating), else -1
     * @param verifyChecksum {@code rdbchecksum}
     * @param deep           {@code sanitize-dump-payload} applies (see {@link RdbInput#deepSanitization()})
     */
    public RdbReader(InputStream in, long length, CodecRegistry codecs, ServerConfigView config,
                     boolean verifyChecksum, boolean deep) {
        this.in = in;
        this.length = length < 0 ? Long.MAX_VALUE : length;
        this.codecs = codecs;
        this.config = config;
        this.deep = deep;
        this.verifyChecksum = verifyChecksum;
        this.buf = new byte[BUFFER];
    }

    /** A reader of {@code data[0, len)} in memory (a RESTORE payload without its footer). */
    public RdbReader(byte[] data, int len, CodecRegistry codecs, ServerConfigView config, boolean deep) {
        this.in = null;
        this.length = len;
        this.codecs = codecs;
        this.config = config;
        this.deep = deep;
        this.verifyChecksum = false;
        this.buf = data;
        this.limit = len;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return base + pos;
    }

    /** The RDB version of the file being read (after the header). */
    public int version() {
        return version;
    }

    // ---- whole files -----------------------------------------------------------------------

    /** Reads a whole file, handing what it holds to {@code v}. */
    public Summary read(RdbVisitor v) throws RdbException {
        try {
            return readFile(v);
        } catch (RdbException e) {
            throw e;
        } catch (EOFException e) {
            throw shortRead();
        } catch (IOException e) {
            throw new RdbException(RdbException.Kind.CORRUPT, offset(), String.valueOf(e.getMessage()), e);
        }
    }

    private Summary readFile(RdbVisitor v) throws IOException {
        byte[] magic = new byte[9];
        readRaw(magic, 0, 9);
        if (!(magic[0] == 'R' && magic[1] == 'E' && magic[2] == 'D' && magic[3] == 'I' && magic[4] == 'S')) {
            throw new RdbException(RdbException.Kind.SIGNATURE, 0, "Wrong signature trying to load DB from file");
        }
        int ver = atoi(magic, 5, 4);
        if (ver < 1 || ver > Rdb.MAX_READ_VERSION) {
            throw new RdbException(RdbException.Kind.VERSION, 0, "Can't handle RDB format version " + ver);
        }
        version = ver;
        int db = 0;
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        long keys = 0;
        long empty = 0;
        while (true) {
            int type = readByte();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME: {
                    byte[] t = new byte[4];
                    readRaw(t, 0, 4);
                    int secs = (t[0] & 0xff) | (t[1] & 0xff) << 8 | (t[2] & 0xff) << 16 | (t[3] & 0xff) << 24;
                    expireAt = secs * 1000L;
                    continue;
                }
                case Rdb.OPCODE_EXPIRETIME_MS:
                    expireAt = readMillis();
                    continue;
                case Rdb.OPCODE_FREQ:
                    freq = readByte();
                    continue;
                case Rdb.OPCODE_IDLE:
                    idle = readLength();
                    continue;
                case Rdb.OPCODE_EOF:
                    break;
                case Rdb.OPCODE_SELECTDB: {
                    long id = readLength();
                    if (id > Integer.MAX_VALUE) {
                        throw corrupt("Invalid DB number " + id);
                    }
                    db = (int) id;
                    v.selectDb(db);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB: {
                    long size = readLength();
                    long expires = readLength();
                    v.resizeDb(size, expires);
                    continue;
                }
                case Rdb.OPCODE_SLOT_INFO:
                    readLength();
                    readLength();
                    readLength();
                    continue;
                case Rdb.OPCODE_AUX: {
                    byte[] key = readString();
                    byte[] value = readString();
                    v.aux(key, value);
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX: {
                    v.beforeModuleAux();
                    readModuleAux();
                    continue;
                }
                case Rdb.OPCODE_FUNCTION_PRE_GA:
                    throw corrupt("Pre-release function format not supported.");
                case Rdb.OPCODE_FUNCTION2:
                    v.function(readString());
                    continue;
                default: {
                    if (!Rdb.isObjectType(type)) {
                        throw corrupt("Unknown RDB encoding type " + type);
                    }
                    byte[] key = readString();
                    KvValue value = readObject(type);
                    if (value == null) {
                        empty++;
                        v.emptyKey(db, key);
                    } else {
                        keys++;
                        v.entry(db, key, value, expireAt, idle, freq);
                    }
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                    continue;
                }
            }
            break;
        }
        Checksum status = Checksum.NOT_CHECKED;
        if (version >= 5) {
            syncCrc();
            long expected = crc;
            long stored = readMillis(); // 8 bytes, little-endian
            if (verifyChecksum) {
                if (stored == 0) {
                    status = Checksum.DISABLED_IN_FILE;
                } else if (stored != expected) {
                    throw new RdbException(RdbException.Kind.CHECKSUM, offset(), "Wrong RDB checksum expected: ("
                            + Long.toHexString(expected) + ") but got (" + Long.toHexString(stored) + "). Aborting now.");
                } else {
                    status = Checksum.VERIFIED;
                }
            }
        }
        return new Summary(version, status, keys, empty, offset());
    }

    private static int atoi(byte[] b, int off, int len) {
        int v = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    // ---- values ----------------------------------------------------------------------------

    /**
     * Reads one value of RDB type {@code type} (the type byte already read); null when it is well
     * formed but empty. Failures are {@link RdbException}s.
     */
    public KvValue readValue(int type) throws RdbException {
        try {
            return readObject(type);
        } catch (RdbException e) {
            throw e;
        } catch (EOFException e) {
            throw shortRead();
        } catch (IOException e) {
            throw new RdbException(RdbException.Kind.CORRUPT, offset(), String.valueOf(e.getMessage()), e);
        }
    }

    private KvValue readObject(int type) throws IOException {
        if (type == Rdb.TYPE_MODULE_2) {
            return readModuleValue();
        }
        if (type == Rdb.TYPE_MODULE_PRE_GA) {
            throw corrupt("Pre-release module format not supported");
        }
        ValueCodec c = codecs.valueCodec(type);
        if (c == null) {
            throw corrupt("Unknown RDB encoding type " + type);
        }
        try {
            return c.read(type, this);
        } catch (RdbException | EOFException e) {
            throw e;
        } catch (IOException e) {
            throw corrupt(String.valueOf(e.getMessage()));
        } catch (RuntimeException | Error e) {
            // a codec must not let one escape (nor an Error, e.g. a plugin's missing class):
            // treat it as corruption rather than crash the load
            throw new RdbException(RdbException.Kind.CORRUPT, offset(), "Bad data format: " + e, e);
        }
    }

    /**
     * A module's aux record (state outside the keyspace): handed to the registered
     * {@link ModuleAuxData} of its type name with its phase and encoding version, as Redis's
     * {@code rdbLoadRio} calls a module type's {@code aux_load}.
     */
    private void readModuleAux() throws IOException {
        long id = readLength();
        String name = ModuleTypeIds.name(id);
        ModuleAuxData aux = codecs.auxData(id);
        if (aux == null) {
            throw corrupt("The RDB file contains AUX module data I can't load: no matching module '" + name + "'");
        }
        if (readLength() != Rdb.MODULE_OPCODE_UINT) {
            throw corrupt("bad when opcode");
        }
        ModuleAuxData.Phase phase = ModuleAuxData.Phase.of(readLength());
        if (phase == null) {
            throw corrupt("bad when value in the AUX module data of '" + name + "'");
        }
        try {
            aux.load(phase, moduleItems, ModuleTypeIds.encodingVersion(id));
        } catch (RdbException | java.io.EOFException e) {
            throw e; // a damaged item: reported as the item reader found it
        } catch (IOException | RuntimeException e) {
            throw new RdbException(RdbException.Kind.CORRUPT, offset(), "The RDB file contains module AUX data for "
                    + "the module type '" + name + "', that the responsible module is not able to load. Check for "
                    + "modules log above for additional clues.", e);
        }
        if (readLength() != Rdb.MODULE_OPCODE_EOF) {
            throw corrupt("The RDB file contains module AUX data for the module '" + name + "' that is not "
                    + "terminated by the proper module value EOF marker");
        }
    }

    private KvValue readModuleValue() throws IOException {
        long id = readLength();
        ModuleTypeCodec m = codecs.moduleCodec(id);
        String name = ModuleTypeIds.name(id);
        if (m == null) {
            throw corrupt("The RDB file contains module data I can't load: no matching module type '" + name + "'");
        }
        KvValue value;
        try {
            value = m.load(moduleItems, ModuleTypeIds.encodingVersion(id));
        } catch (RdbException | EOFException e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            throw new RdbException(RdbException.Kind.CORRUPT, offset(), "The RDB file contains module data for the "
                    + "module type '" + name + "', that the responsible module is not able to load. Check for modules "
                    + "log above for additional clues.", e);
        }
        if (value == null) {
            throw corrupt("The RDB file contains module data for the module type '" + name + "', that the "
                    + "responsible module is not able to load. Check for modules log above for additional clues.");
        }
        if (readLength() != Rdb.MODULE_OPCODE_EOF) {
            throw corrupt("The RDB file contains module data for the module '" + name + "' that is not terminated by "
                    + "the proper module value EOF marker");
        }
        return value;
    }

    // ---- RdbInput --------------------------------------------------------------------------

    @Override
    public long readLength() throws IOException {
        int b = readByte();
        int kind = b >>> 6;
        switch (kind) {
            case 0:
                return b & 0x3f;
            case 1:
                return ((b & 0x3f) << 8) | readByte();
            case 2:
                if (b == 0x80) {
                    need(4);
                    long v = (buf[pos] & 0xffL) << 24 | (buf[pos + 1] & 0xffL) << 16 | (buf[pos + 2] & 0xffL) << 8
                            | (buf[pos + 3] & 0xffL);
                    pos += 4;
                    return v;
                }
                if (b == 0x81) {
                    need(8);
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | (buf[pos + i] & 0xffL);
                    }
                    pos += 8;
                    return v;
                }
                throw corrupt("Unknown length encoding " + b + " in rdbLoadLen()");
            default:
                throw corrupt("Unexpected encoded length in rdbLoadLen()");
        }
    }

    @Override
    public byte[] readString() throws IOException {
        int b = readByte();
        if ((b >>> 6) == 3) {
            int enc = b & 0x3f;
            switch (enc) {
                case Rdb.ENC_INT8: {
                    return Args.bytes((byte) readByte());
                }
                case Rdb.ENC_INT16: {
                    need(2);
                    short v = (short) ((buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8);
                    pos += 2;
                    return Args.bytes(v);
                }
                case Rdb.ENC_INT32: {
                    need(4);
                    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                            | (buf[pos + 3] & 0xff) << 24;
                    pos += 4;
                    return Args.bytes(v);
                }
                case Rdb.ENC_LZF:
                    return readLzf();
                default:
                    throw corrupt("Unknown RDB string encoding type " + enc);
            }
        }
        pos--; // let readLength see the byte again
        long len = readLength();
        byte[] out = new byte[checkedLength(len)];
        readRaw(out, 0, out.length);
        return out;
    }

    private byte[] readLzf() throws IOException {
        long clen = readLength();
        long len = readLength();
        int c = checkedLength(clen);
        // LZF cannot expand more than ~88 times (a 3-byte back reference copies at most 264 bytes)
        if (len == 0 || len > 88L * clen + 32 || len > Integer.MAX_VALUE - 8) {
            throw corrupt("Invalid LZF compressed string");
        }
        byte[] comp = new byte[c];
        readRaw(comp, 0, c);
        byte[] out = new byte[(int) len];
        try {
            Lzf.decompress(comp, 0, c, out, 0, out.length);
        } catch (IOException e) {
            throw corrupt("Invalid LZF compressed string");
        }
        return out;
    }

    /** A length that must fit in what is left and in a Java array. */
    private int checkedLength(long len) throws IOException {
        if (len < 0 || len > remaining()) {
            throw shortRead();
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw corrupt("String too long: " + len);
        }
        return (int) len;
    }

    @Override
    public double readBinaryDouble() throws IOException {
        return Double.longBitsToDouble(readMillis());
    }

    @Override
    public long readMillis() throws IOException {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    @Override
    public void readRaw(byte[] into, int offset, int len) throws IOException {
        if (len <= limit - pos) {
            System.arraycopy(buf, pos, into, offset, len);
            pos += len;
            return;
        }
        if (in == null) {
            throw shortRead();
        }
        int have = limit - pos;
        System.arraycopy(buf, pos, into, offset, have);
        pos += have;
        offset += have;
        len -= have;
        if (len >= buf.length / 2) {
            // large: read straight into the destination
            syncCrc();
            base += pos;
            pos = limit = crcPos = 0;
            int off = offset;
            int left = len;
            while (left > 0) {
                int n = in.read(into, off, left);
                if (n < 0) {
                    throw shortRead();
                }
                off += n;
                left -= n;
            }
            if (verifyChecksum) {
                crc = Crc64.update(crc, into, offset, len);
            }
            base += len;
            return;
        }
        need(len);
        System.arraycopy(buf, pos, into, offset, len);
        pos += len;
    }

    @Override
    public int readByte() throws IOException {
        if (pos >= limit) {
            need(1);
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public long remaining() {
        return length == Long.MAX_VALUE ? Long.MAX_VALUE : length - offset();
    }

    @Override
    public ServerConfigView config() {
        return config;
    }

    @Override
    public boolean deepSanitization() {
        return deep;
    }

    // ---- buffering -------------------------------------------------------------------------

    /** Makes {@code n} bytes available at {@code buf[pos]}. */
    private void need(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (in == null) {
            throw shortRead();
        }
        syncCrc();
        int have = limit - pos;
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, n);
        }
        System.arraycopy(buf, pos, buf, 0, have);
        base += pos;
        pos = 0;
        limit = have;
        crcPos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                throw shortRead();
            }
            limit += r;
        }
    }

    /** Adds the consumed bytes not yet in the checksum. */
    private void syncCrc() {
        if (verifyChecksum && pos > crcPos) {
            crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
        }
        crcPos = pos;
    }

    private RdbException shortRead() {
        return new RdbException(RdbException.Kind.SHORT_READ, offset(), "Unexpected EOF reading RDB file");
    }

    private RdbException corrupt(String reason) {
        return new RdbException(RdbException.Kind.CORRUPT, offset(), reason);
    }

    /** The items of a module value, each checked against its opcode ({@code RedisModule_Load*}). */
    private final class ModuleItems implements ModuleTypeInput {
        private void expect(int opcode) throws IOException {
            long op = readLength();
            if (op != opcode) {
                throw corrupt("module value item: expected opcode " + opcode + ", found " + op);
            }
        }

        @Override
        public long loadUnsigned() throws IOException {
            expect(Rdb.MODULE_OPCODE_UINT);
            return readLength();
        }

        @Override
        public long loadSigned() throws IOException {
            expect(Rdb.MODULE_OPCODE_SINT);
            return readLength();
        }

        @Override
        public double loadDouble() throws IOException {
            expect(Rdb.MODULE_OPCODE_DOUBLE);
            return readBinaryDouble();
        }

        @Override
        public float loadFloat() throws IOException {
            expect(Rdb.MODULE_OPCODE_FLOAT);
            need(4);
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                    | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return Float.intBitsToFloat(v);
        }

        @Override
        public byte[] loadString() throws IOException {
            expect(Rdb.MODULE_OPCODE_STRING);
            return readString();
        }
    }
}
