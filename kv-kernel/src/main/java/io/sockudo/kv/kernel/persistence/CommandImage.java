package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.DumpPayload;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ValueCodec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The command form of a point-in-time image: what an AOF base holds with
 * {@code aof-use-rdb-preamble no}, in the order of Redis 7.0's {@code rewriteAppendOnlyFileRio}:
 * FUNCTION LOAD of each library, the modules' aux state ({@link ModuleAuxData#rewrite}), then per
 * database a SELECT and, per key, the commands its codec emits ({@code rewrite}) followed by
 * PEXPIREAT when the key has an expiry. Each command is a RESP array, as in any AOF.
 */
public final class CommandImage implements AofOutput {
    private static final byte[] SELECT = ascii("SELECT");
    private static final byte[] FUNCTION = ascii("FUNCTION");
    private static final byte[] LOAD = ascii("LOAD");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] ZERO = ascii("0");

    private final OutputStream out;
    private final CodecRegistry codecs;
    private final boolean compression;

    public CommandImage(OutputStream out, CodecRegistry codecs, boolean compression) {
        this.out = out;
        this.codecs = codecs;
        this.compression = compression;
    }

    /** An image into memory (a copy-on-write buffer); {@link #toByteArray} gives the bytes. */
    static CommandImage inMemory(CodecRegistry codecs, boolean compression) {
        return new CommandImage(new ByteArrayOutputStream(), codecs, compression);
    }

    byte[] toByteArray() {
        return ((ByteArrayOutputStream) out).toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public void function(byte[] code) throws IOException {
        emit(FUNCTION, LOAD, code);
    }

    /** Every module's aux state as commands, before the keys. */
    public void auxData() throws IOException {
        for (ModuleAuxData aux : codecs.auxData()) {
            aux.rewrite(this);
        }
    }

    public void selectDb(int db) throws IOException {
        emit(SELECT, ascii(Integer.toString(db)));
    }

    /** A key: its value's commands, then its expiry ({@code expireAtMs} -1 for none). */
    public void entry(byte[] key, KvValue value, long expireAtMs) throws IOException {
        ValueCodec c = value.type().codec();
        if (c != null) {
            c.rewrite(key, value, this);
        } else {
            value.type().moduleCodec().rewrite(key, value, this);
        }
        if (expireAtMs != -1) {
            emit(PEXPIREAT, key, ascii(Long.toString(expireAtMs)));
        }
    }

    public void writeRaw(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void emit(byte[]... argv) throws IOException {
        header('*', argv.length);
        for (byte[] a : argv) {
            header('$', a.length);
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    @Override
    public void emitRestore(byte[] key, KvValue value) throws IOException {
        emit(RESTORE, key, ZERO, DumpPayload.create(value, codecs, compression));
    }

    private void header(char kind, int n) throws IOException {
        out.write(kind);
        if (n < 10) {
            out.write('0' + n);
        } else {
            out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        }
        out.write('\r');
        out.write('\n');
    }
}
