package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * The three vector encodings of a vector set, with the codes Redis stores in its record
 * ({@code HNSW_QUANT_NONE}, {@code _Q8}, {@code _BIN}) and the names VINFO and VEMB RAW print.
 */
public final class Quant {
    /** Full precision floats ({@code NOQUANT}): 4 bytes per component. */
    public static final int NONE = 0;
    /** Signed 8-bit components with one range per vector ({@code Q8}, the default): 1 byte per component. */
    public static final int Q8 = 1;
    /** One sign bit per component ({@code BIN}), padded to 64-bit words. */
    public static final int BIN = 2;

    private Quant() {
    }

    public static boolean valid(int q) {
        return q == NONE || q == Q8 || q == BIN;
    }

    /** What VINFO's {@code quant-type} and the first item of {@code VEMB RAW} say. */
    public static String name(int q) {
        switch (q) {
            case NONE:
                return "f32";
            case Q8:
                return "int8";
            case BIN:
                return "bin";
            default:
                return "unknown";
        }
    }

    /** Bytes one stored vector takes ({@code hnsw_quants_bytes}). */
    public static int bytes(int q, int dim) {
        switch (q) {
            case NONE:
                return dim * 4;
            case Q8:
                return dim;
            default:
                return words(dim) * 8;
        }
    }

    /** 64-bit words of a binary vector. */
    public static int words(int dim) {
        return (dim + 63) >>> 6;
    }
}
