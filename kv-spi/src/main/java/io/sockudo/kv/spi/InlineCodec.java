package io.sockudo.kv.spi;

/**
 * The inline form of a small value, which the keyspace may store packed with its key in one
 * array instead of as the value object (see {@link ValueType#inlineCodec()}). A value type that
 * offers one saves an object, an array and the key's entry object per key: the strings family
 * uses it for values Redis keeps as {@code int} or {@code embstr}.
 *
 * <p>The kernel calls {@link #inlineLength} when a value is stored under a key without an expiry:
 * a value the codec declines ({@code -1}) is kept as the object it is. An inline value comes back
 * as a {@link #view} for reads (read-only: its mutators must fail loudly, e.g. with
 * {@link IllegalStateException}, so a write through a read lookup is never silently lost) and as
 * an {@link #inflate inflated} owned value for the write lookup {@link Keyspace#get}, after which
 * the key keeps that object until its next {@code put}.
 *
 * <p>The inline bytes must carry everything the value reports ({@code OBJECT ENCODING},
 * {@code OBJECT REFCOUNT}, its codec's output): the round trip write → view/inflate gives an equal
 * value. Implementations are stateless singletons; one per type.
 */
public interface InlineCodec {
    /**
     * The number of bytes {@link #writeInline} writes for {@code value}, or -1 to keep it as an
     * object (too large, or a form meant to be changed in place).
     */
    int inlineLength(KvValue value);

    /** Writes the inline form of {@code value}: exactly {@link #inlineLength} bytes at {@code off}. */
    void writeInline(KvValue value, byte[] dst, int off);

    /**
     * A read-only value equal to the inline bytes {@code src[off, off + len)}. It must not keep
     * {@code src} (the kernel's array): copy what it needs.
     */
    KvValue view(byte[] src, int off, int len);

    /** A mutable value the caller owns, equal to the inline bytes {@code src[off, off + len)} (copied). */
    KvValue inflate(byte[] src, int off, int len);
}
