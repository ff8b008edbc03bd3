package io.sockudo.kv.types.core.common;

import io.sockudo.kv.spi.AofOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Emits an aggregate as Redis's AOF rewrite does: {@code COMMAND key item...} with at most 64
 * items per command ({@code AOF_REWRITE_ITEMS_PER_CMD}), an item being one or more arguments (a
 * member, a score and a member, a field and a value). Usable from the visitors the values offer
 * (failures are carried as {@link UncheckedIOException} and rethrown by {@link #finish}).
 */
public final class AofBatch {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    public static final int ITEMS_PER_COMMAND = 64;

    private final AofOutput out;
    private final byte[] command;
    private final byte[] key;
    private final int argsPerItem;
    private final byte[][] args;
    private int items;
    private int argc;

    public AofBatch(AofOutput out, String command, byte[] key, int argsPerItem) {
        this.out = out;
        this.command = command.getBytes(StandardCharsets.US_ASCII);
        this.key = key;
        this.argsPerItem = argsPerItem;
        this.args = new byte[2 + ITEMS_PER_COMMAND * argsPerItem][];
        reset();
    }

    private void reset() {
        args[0] = command;
        args[1] = key;
        argc = 2;
        items = 0;
    }

    /** Adds one argument of the current item (a copy of {@code b[off, off+len)}). */
    public void arg(byte[] b, int off, int len) {
        args[argc++] = Arrays.copyOfRange(b, off, off + len);
        if (argc == 2 + (items + 1) * argsPerItem) {
            items++;
            if (items == ITEMS_PER_COMMAND) {
                flush();
            }
        }
    }

    public void arg(byte[] b) {
        arg(b, 0, b.length);
    }

    private void flush() {
        if (items == 0) {
            return;
        }
        try {
            out.emit(Arrays.copyOf(args, argc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reset();
    }

    /** Emits what is left. */
    public void finish() throws IOException {
        try {
            flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
