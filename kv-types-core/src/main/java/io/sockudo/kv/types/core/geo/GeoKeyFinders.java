package io.sockudo.kv.types.core.geo;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KeyFinder;

/** Keys of GEORADIUS and GEORADIUSBYMEMBER: the source and the key after STORE or STOREDIST. */
final class GeoKeyFinders {
    private GeoKeyFinders() {
    }

    static final KeyFinder GEORADIUS = (argv, argc) -> find(argv, argc, 6);
    static final KeyFinder GEORADIUSBYMEMBER = (argv, argc) -> find(argv, argc, 5);

    private static int[] find(byte[][] argv, int argc, int from) {
        int[] tmp = new int[argc];
        int n = 0;
        if (argc > 1) {
            tmp[n++] = 1;
        }
        for (int i = from; i + 1 < argc; i++) {
            if (Args.is(argv[i], "store") || Args.is(argv[i], "storedist")) {
                tmp[n++] = i + 1;
                i++;
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }
}
