package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.types.core.common.CKeyword;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.Arrays;

/**
 * LCS: the longest common subsequence of two string values, by the classic dynamic-programming
 * table, with the same tie-breaking as Redis so the reported string and ranges are identical.
 */
final class LcsCommand {
    static final String WRONG_TYPE = "ERR The specified keys must contain string values";
    private static final byte[] MATCHES = {'m', 'a', 't', 'c', 'h', 'e', 's'};
    private static final byte[] LEN = {'l', 'e', 'n'};

    private LcsCommand() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("lcs").arity(-3).flags(CommandFlag.READONLY)
                .keys(1, 2, 1, "RO", "ACCESS").acl("read", "string", "slow").group("string")
                .summary("Find longest common substring").since("7.0.0")
                .complexity("O(N*M) where N and M are the lengths of s1 and s2, respectively")
                .args(
                    ArgSpec.key("key1", 0),
                    ArgSpec.key("key2", 0),
                    ArgSpec.pureToken("len", "LEN").optional(),
                    ArgSpec.pureToken("idx", "IDX").optional(),
                    ArgSpec.integer("len").token("MINMATCHLEN").optional(),
                    ArgSpec.pureToken("withmatchlen", "WITHMATCHLEN").optional())
                .handler(LcsCommand::lcs).build());
    }

    static void lcs(CommandContext ctx) {
        KvValue oa = ctx.db().read(ctx.arg(1));
        KvValue ob = ctx.db().read(ctx.arg(2));
        if ((oa != null && !(oa instanceof StringValue)) || (ob != null && !(ob instanceof StringValue))) {
            throw new KvException(WRONG_TYPE);
        }
        boolean getIdx = false;
        boolean getLen = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        int argc = ctx.argc();
        for (int j = 3; j < argc; j++) {
            byte[] opt = ctx.arg(j);
            boolean moreArgs = j < argc - 1;
            if (CKeyword.is(opt, "IDX")) {
                getIdx = true;
            } else if (CKeyword.is(opt, "LEN")) {
                getLen = true;
            } else if (CKeyword.is(opt, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (moreArgs && CKeyword.is(opt, "MINMATCHLEN")) {
                minMatchLen = Math.max(0, Args.toLong(ctx.arg(j + 1)));
                j++;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (getIdx && getLen) {
            throw new KvException("ERR If you want both the length and indexes, please just use IDX.");
        }
        byte[] a = oa == null ? StringCommands.EMPTY : ((StringValue) oa).array();
        int alen = oa == null ? 0 : ((StringValue) oa).length();
        byte[] b = ob == null ? StringCommands.EMPTY : ((StringValue) ob).array();
        int blen = ob == null ? 0 : ((StringValue) ob).length();

        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > ctx.config().getLong("proto-max-bulk-len")) {
            throw new KvException("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int[] table = allocate(cells);
        fill(table, a, alen, b, blen);
        int w = blen + 1;
        int lcsLen = table[alen * w + blen];
        ReplyWriter reply = ctx.reply();
        if (getLen) {
            reply.integer(lcsLen);
            return;
        }
        // Walk back from the end; equal bytes join the LCS, otherwise move toward the larger
        // neighbour (toward j on ties), emitting each contiguous match range when it ends.
        byte[] result = new byte[lcsLen];
        int[] ranges = getIdx ? new int[8] : null; // a_start a_end b_start b_end per range
        int rangeCount = 0;
        int idx = lcsLen;
        int aStart = alen; // alen means "no open range"
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                int up = table[(i - 1) * w + j];
                int left = table[i * w + j - 1];
                if (up > left) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = (long) aEnd - aStart + 1;
                if (ranges != null && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    if (rangeCount * 4 == ranges.length) {
                        ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    ranges[rangeCount * 4] = aStart;
                    ranges[rangeCount * 4 + 1] = aEnd;
                    ranges[rangeCount * 4 + 2] = bStart;
                    ranges[rangeCount * 4 + 3] = bEnd;
                    rangeCount++;
                }
                aStart = alen;
            }
        }
        if (!getIdx) {
            reply.bulk(result);
            return;
        }
        reply.map(2);
        reply.bulk(MATCHES);
        reply.array(rangeCount);
        for (int k = 0; k < rangeCount; k++) {
            int as = ranges[k * 4];
            int ae = ranges[k * 4 + 1];
            reply.array(withMatchLen ? 3 : 2);
            reply.array(2);
            reply.integer(as);
            reply.integer(ae);
            reply.array(2);
            reply.integer(ranges[k * 4 + 2]);
            reply.integer(ranges[k * 4 + 3]);
            if (withMatchLen) {
                reply.integer((long) ae - as + 1);
            }
        }
        reply.bulk(LEN);
        reply.integer(lcsLen);
    }

    private static int[] allocate(long cells) {
        if (cells > StringValue.MAX_ARRAY) {
            throw new KvException("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        try {
            return new int[(int) cells];
        } catch (OutOfMemoryError e) {
            throw new KvException("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
    }

    /** table[i][j] = LCS length of a[0..i) and b[0..j); row 0 and column 0 stay zero. */
    private static void fill(int[] t, byte[] a, int alen, byte[] b, int blen) {
        int w = blen + 1;
        for (int i = 1; i <= alen; i++) {
            byte ai = a[i - 1];
            int row = i * w;
            int prev = row - w;
            for (int j = 1; j <= blen; j++) {
                if (ai == b[j - 1]) {
                    t[row + j] = t[prev + j - 1] + 1;
                } else {
                    int up = t[prev + j];
                    int left = t[row + j - 1];
                    t[row + j] = Math.max(up, left);
                }
            }
        }
    }
}
