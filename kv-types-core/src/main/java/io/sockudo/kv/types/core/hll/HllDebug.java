package io.sockudo.kv.types.core.hll;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.strings.StringValue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** PFDEBUG (GETREG DECODE ENCODING TODENSE) and PFSELFTEST. */
final class HllDebug {
    private HllDebug() {
    }

    static void pfdebug(CommandContext ctx) {
        byte[] cmd = ctx.arg(1);
        byte[] key = ctx.arg(2);
        KvValue o = ctx.db().get(key);
        if (o == null) {
            ctx.reply().error("ERR The specified key does not exist");
            return;
        }
        StringValue s = HllCommands.writableHll(ctx, o);
        if (s == null) {
            return;
        }
        byte[] a = s.array();
        if (Args.is(cmd, "getreg")) {
            if (a[Hll.ENCODING] == Hll.SPARSE) {
                a = Hll.sparseToDense(a, s.length());
                if (a == null) {
                    ctx.reply().error(HllCommands.CORRUPT);
                    return;
                }
                s.setRaw(a, Hll.DENSE_SIZE);
                ctx.dirty(); // the encoding changed: propagated, as Redis does
            }
            ctx.reply().array(Hll.REGISTERS);
            for (int i = 0; i < Hll.REGISTERS; i++) {
                ctx.reply().integer(Hll.getRegister(a, i));
            }
        } else if (Args.is(cmd, "decode")) {
            if (a[Hll.ENCODING] != Hll.SPARSE) {
                ctx.reply().error("ERR HLL encoding is not sparse");
                return;
            }
            ctx.reply().bulk(decode(a, s.length()).getBytes(StandardCharsets.US_ASCII));
        } else if (Args.is(cmd, "encoding")) {
            ctx.reply().simple(a[Hll.ENCODING] == Hll.DENSE ? "dense" : "sparse");
        } else if (Args.is(cmd, "todense")) {
            boolean converted = false;
            if (a[Hll.ENCODING] == Hll.SPARSE) {
                byte[] d = Hll.sparseToDense(a, s.length());
                if (d == null) {
                    ctx.reply().error(HllCommands.CORRUPT);
                    return;
                }
                s.setRaw(d, Hll.DENSE_SIZE);
                converted = true;
                ctx.dirty();
            }
            ctx.reply().integer(converted ? 1 : 0);
        } else {
            ctx.reply().error("ERR Unknown PFDEBUG subcommand '" + Args.cString(cmd) + "'");
        }
    }

    /** The opcodes of a sparse HLL as text: {@code z:<len>}, {@code Z:<len>}, {@code v:<value>,<len>}. */
    static String decode(byte[] a, int len) {
        StringBuilder sb = new StringBuilder();
        int p = Hll.HDR;
        while (p < len) {
            int op = a[p] & 0xFF;
            if ((op & 0xC0) == 0) {
                sb.append("z:").append((op & 0x3F) + 1).append(' ');
                p++;
            } else if ((op & 0xC0) == 0x40) {
                int second = p + 1 < len ? a[p + 1] & 0xFF : 0;
                sb.append("Z:").append((((op & 0x3F) << 8) | second) + 1).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(((op >>> 2) & 0x1F) + 1).append(',').append((op & 3) + 1).append(' ');
                p++;
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end);
    }

    /**
     * PFSELFTEST: checks the dense register packing against a plain array, that the sparse and
     * dense forms of the same data agree register by register, and that estimates stay within a
     * generous bound of the true cardinality.
     */
    static void pfselftest(CommandContext ctx) {
        String failure = selfTest();
        if (failure == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error("TESTFAILED " + failure);
        }
    }

    static String selfTest() {
        SplittableRandom rnd = new SplittableRandom(0x5eed);
        byte[] dense = new byte[Hll.DENSE_SIZE];
        int[] model = new int[Hll.REGISTERS];
        for (int round = 0; round < 64; round++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int v = rnd.nextInt(64);
                model[i] = v;
                Hll.setRegister(dense, i, v);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                if (Hll.getRegister(dense, i) != model[i]) {
                    return "Register error at " + i;
                }
            }
        }
        Hll.Edit sparse = new Hll.Edit();
        sparse.array = Hll.create();
        sparse.length = sparse.array.length;
        dense = Hll.sparseToDense(sparse.array, sparse.length);
        byte[] ele = new byte[8];
        long relErrSum = 0;
        for (int n = 1; n <= 100_000; n++) {
            for (int k = 0; k < 8; k++) {
                ele[k] = (byte) (n >>> (8 * k));
            }
            long rc = Hll.registerAndCount(ele, 0, 8);
            if (sparse.array[Hll.ENCODING] == Hll.SPARSE) {
                Hll.sparseSet(sparse, (int) rc, (int) (rc >>> 32), 3000);
            } else {
                Hll.denseSet(sparse.array, (int) rc, (int) (rc >>> 32));
            }
            Hll.denseSet(dense, (int) rc, (int) (rc >>> 32));
            if (n % 1000 == 0) {
                long a = Hll.estimate(Hll.histogram(sparse.array, sparse.length));
                long b = Hll.estimate(Hll.histogram(dense, dense.length));
                if (a != b) {
                    return "Sparse and dense estimates differ at " + n + ": " + a + " vs " + b;
                }
                double err = Math.abs(b - n) / (double) n;
                if (err > 0.05) {
                    return "Approximation error " + err + " at cardinality " + n;
                }
                relErrSum++;
            }
        }
        return relErrSum == 100 ? null : "Incomplete run";
    }
}
