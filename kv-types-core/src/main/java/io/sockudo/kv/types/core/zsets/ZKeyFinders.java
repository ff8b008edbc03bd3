package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KeyFinder;

/** Key finders of the sorted-set commands whose keys follow a {@code numkeys} argument. */
final class ZKeyFinders {
    private ZKeyFinders() {
    }

    /** {@code cmd numkeys key...} (ZUNION ZINTER ZDIFF ZINTERCARD ZMPOP). */
    static final KeyFinder NUMKEYS_AT_1 = (argv, argc) -> numKeys(argv, argc, 1, false);
    /** {@code cmd dst numkeys key...} (ZUNIONSTORE ZINTERSTORE ZDIFFSTORE). */
    static final KeyFinder DEST_NUMKEYS_AT_2 = (argv, argc) -> numKeys(argv, argc, 2, true);
    /** {@code cmd timeout numkeys key...} (BZMPOP). */
    static final KeyFinder NUMKEYS_AT_2 = (argv, argc) -> numKeys(argv, argc, 2, false);

    private static int[] numKeys(byte[][] argv, int argc, int numIdx, boolean dest) {
        long n = 0;
        if (argc > numIdx && Args.isLong(argv[numIdx])) {
            n = Args.parseLongUnchecked(argv[numIdx], 0, argv[numIdx].length);
        }
        n = Math.max(0, Math.min(n, argc - numIdx - 1));
        int[] out = new int[(int) n + (dest ? 1 : 0)];
        int k = 0;
        if (dest) {
            out[k++] = 1;
        }
        for (int i = 0; i < n; i++) {
            out[k++] = numIdx + 1 + i;
        }
        return out;
    }
}
