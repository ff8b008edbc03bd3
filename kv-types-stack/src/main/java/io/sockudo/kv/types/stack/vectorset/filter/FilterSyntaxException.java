package io.sockudo.kv.types.stack.vectorset.filter;

/** A FILTER expression that does not compile; {@link #position} is where Redis says the error is. */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Offset into the expression ({@code 0}: the whole expression is quoted). */
    public final int position;

    FilterSyntaxException(int position) {
        super(null, null, false, false);
        this.position = position;
    }
}
