package io.sockudo.kv.probabilistic.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of the packed C structs RedisBloom sends as SCANDUMP headers and
 * stores as raw RDB string buffers (x86 layout: little-endian, no padding where the struct is
 * packed).
 */
public final class Le {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Le() {
    }

    public static int u16(byte[] b, int off) {
        return (short) I16.get(b, off) & 0xffff;
    }

    public static long u32(byte[] b, int off) {
        return (int) I32.get(b, off) & 0xffffffffL;
    }

    public static long i64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    public static double f64(byte[] b, int off) {
        return Double.longBitsToDouble(i64(b, off));
    }

    public static void put16(byte[] b, int off, int v) {
        I16.set(b, off, (short) v);
    }

    public static void put32(byte[] b, int off, long v) {
        I32.set(b, off, (int) v);
    }

    public static void put64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }

    public static void putF64(byte[] b, int off, double v) {
        put64(b, off, Double.doubleToRawLongBits(v));
    }
}
