package io.sockudo.kv.probabilistic.common;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double of the module-type record: {@link #out} records every item with its kind
 * (U unsigned, S signed, D double, F float, B string buffer) and {@link #in()} reads them back,
 * failing on a kind mismatch as Redis's loader does.
 */
public final class RecordingIO {
    public record Item(char kind, Object value) {
    }

    public final List<Item> items = new ArrayList<>();

    public final ModuleTypeOutput out = new ModuleTypeOutput() {
        public void saveUnsigned(long v) { items.add(new Item('U', v)); }
        public void saveSigned(long v) { items.add(new Item('S', v)); }
        public void saveDouble(double v) { items.add(new Item('D', v)); }
        public void saveFloat(float v) { items.add(new Item('F', v)); }
        public void saveString(byte[] v, int off, int len) {
            byte[] b = new byte[len];
            System.arraycopy(v, off, b, 0, len);
            items.add(new Item('B', b));
        }
    };

    /** The item kinds in order, e.g. "UUUUDUDUUBU". */
    public String kinds() {
        StringBuilder sb = new StringBuilder();
        for (Item i : items) {
            sb.append(i.kind());
        }
        return sb.toString();
    }

    public ModuleTypeInput in() {
        return new ModuleTypeInput() {
            int pos;

            private Object next(char kind) throws IOException {
                if (pos >= items.size()) {
                    throw new IOException("no more items");
                }
                Item i = items.get(pos++);
                if (i.kind() != kind) {
                    throw new IOException("expected " + kind + " but the record holds " + i.kind());
                }
                return i.value();
            }

            public long loadUnsigned() throws IOException { return (Long) next('U'); }
            public long loadSigned() throws IOException { return (Long) next('S'); }
            public double loadDouble() throws IOException { return (Double) next('D'); }
            public float loadFloat() throws IOException { return (Float) next('F'); }
            public byte[] loadString() throws IOException { return (byte[]) next('B'); }
        };
    }
}
