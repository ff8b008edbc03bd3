package io.sockudo.kv.types.stack.json.path;

/**
 * A path RedisJSON's parser refuses; the message is RedisJSON's error text
 * ({@code Error occurred on position 4, "$.a[ ---->>>> x]", expected ...}). No stack trace: it
 * is an expected outcome of user input.
 */
public final class PathException extends RuntimeException {
    public PathException(String message) {
        super(message, null, false, false);
    }
}
