package io.sockudo.kv.types.stack.json.path;

import io.sockudo.kv.types.stack.json.Packed;

/** Structural equality of two packed values. */
public final class DeepEquals {
    private DeepEquals() {
    }

    /**
     * True when the values at {@code p} and {@code q} are equal: same kind, same members in any
     * order, same elements in order. With {@code numericEquality}, numbers compare by value
     * ({@code 1 == 1.0}, as filters do); without it an integer never equals a float
     * (JSON.ARRINDEX's rule).
     */
    public static boolean equal(byte[] a, int p, byte[] b, int q, boolean numericEquality) {
        byte ta = Packed.kind(a, p);
        byte tb = Packed.kind(b, q);
        if (Packed.isNumber(ta) && Packed.isNumber(tb)) {
            if (ta == Packed.INT && tb == Packed.INT) {
                return Packed.intValue(a, p) == Packed.intValue(b, q);
            }
            if (ta == Packed.UINT && tb == Packed.UINT) {
                return Packed.uintValue(a, p) == Packed.uintValue(b, q);
            }
            boolean aFloat = ta == Packed.DOUBLE;
            boolean bFloat = tb == Packed.DOUBLE;
            if (!numericEquality && aFloat != bFloat) {
                return false;
            }
            return Packed.asDouble(a, p) == Packed.asDouble(b, q);
        }
        if (ta != tb) {
            return false;
        }
        switch (ta) {
            case Packed.NULL, Packed.TRUE, Packed.FALSE:
                return true;
            case Packed.STRING: {
                int la = Packed.strLen(a, p);
                return la == Packed.strLen(b, q) && Packed.regionEquals(a, Packed.strOff(a, p), b, Packed.strOff(b, q), la);
            }
            case Packed.ARRAY: {
                int n = Packed.count(a, p);
                if (n != Packed.count(b, q)) {
                    return false;
                }
                int x = Packed.first(a, p);
                int y = Packed.first(b, q);
                for (int i = 0; i < n; i++) {
                    if (!equal(a, x, b, y, numericEquality)) {
                        return false;
                    }
                    x = Packed.skip(a, x);
                    y = Packed.skip(b, y);
                }
                return true;
            }
            default: {
                int n = Packed.count(a, p);
                if (n != Packed.count(b, q)) {
                    return false;
                }
                int m = Packed.first(a, p);
                for (int i = 0; i < n; i++) {
                    int klen = Packed.keyLen(a, m);
                    int koff = Packed.keyOff(a, m);
                    int v = koff + klen;
                    int w = Packed.find(b, q, a, koff, klen);
                    if (w < 0 || !equal(a, v, b, w, numericEquality)) {
                        return false;
                    }
                    m = Packed.skip(a, v);
                }
                return true;
            }
        }
    }
}
