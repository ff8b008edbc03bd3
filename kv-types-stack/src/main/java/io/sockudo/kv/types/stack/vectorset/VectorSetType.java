package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeDigest;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.stack.vectorset.hnsw.GraphLoader;
import io.sockudo.kv.types.stack.vectorset.hnsw.Hnsw;
import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;

import java.io.IOException;
/**
 * The {@code vectorset} value type and its record, Redis 8's {@code VectorSetRdbSave} item
 * sequence at encoding version 0:
 *
 * <pre>
 * unsigned  dimension (after projection)
 * unsigned  element count
 * unsigned  quantisation | M << 8
 * unsigned  flags: 1 projection matrix, 2 attributes
 * [unsigned projection input dimension, string matrix (little-endian floats, dim x input)]
 * per element:
 *   string   name
 *   [string  attributes, empty when none]          (when flag 2)
 *   string   stored vector (floats, int8 codes or sign bits)
 *   unsigned params count, then the params         (see Hnsw#params)
 * </pre>
 *
 * The graph is saved as it is (links by node id) and loaded back without rebuilding it; the
 * entry point is saved first, so it is again the entry point after loading (Redis takes the
 * first node of the highest level).
 */
public final class VectorSetType implements ValueType, ModuleTypeCodec {
    public static final VectorSetType INSTANCE = new VectorSetType();

    public static final int ENCODING_VERSION = 0;
    static final int MAX_DIM = 1 << 16;
    private static final int FLAG_PROJECTION = 1;
    private static final int FLAG_ATTRIBUTES = 2;

    private VectorSetType() {
    }

    @Override
    public String name() {
        return "vectorset";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return this;
    }

    @Override
    public String typeName() {
        return "vectorset";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    // ---------------------------------------------------------------------------------------
    // Save
    // ---------------------------------------------------------------------------------------

    /** Writes the record; takes the set's read lock, as a snapshot may run beside searches. */
    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        VectorSet v = (VectorSet) value;
        v.lock.readLock().lock();
        try {
            write(v, out);
        } finally {
            v.lock.readLock().unlock();
        }
    }

    private static void write(VectorSet v, ModuleTypeOutput out) throws IOException {
        Hnsw g = v.graph;
        out.saveUnsigned(g.dim);
        out.saveUnsigned(g.size());
        out.saveUnsigned((g.quant & 0xff) | (long) (g.m & 0xffff) << 8);
        boolean attrs = v.attributeCount != 0;
        out.saveUnsigned((v.projection != null ? FLAG_PROJECTION : 0) | (attrs ? FLAG_ATTRIBUTES : 0));
        if (v.projection != null) {
            out.saveUnsigned(v.projInputDim);
            byte[] m = new byte[v.projection.length * 4];
            for (int i = 0; i < v.projection.length; i++) {
                int bits = Float.floatToRawIntBits(v.projection[i]);
                m[i * 4] = (byte) bits;
                m[i * 4 + 1] = (byte) (bits >>> 8);
                m[i * 4 + 2] = (byte) (bits >>> 16);
                m[i * 4 + 3] = (byte) (bits >>> 24);
            }
            out.saveString(m);
        }
        int n = g.size();
        if (n == 0) {
            return;
        }
        int entry = g.entry();
        writeNode(g, entry, attrs, out);
        for (int i = 0; i < n; i++) {
            int s = g.liveSlot(i);
            if (s != entry) {
                writeNode(g, s, attrs, out);
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static void writeNode(Hnsw g, int s, boolean attrs, ModuleTypeOutput out) throws IOException {
        out.saveString(g.store.name(s));
        if (attrs) {
            byte[] a = g.store.attr(s);
            out.saveString(a == null ? EMPTY : a);
        }
        out.saveString(g.store.rawVector(s));
        long[] params = g.params(s);
        out.saveUnsigned(params.length);
        for (long p : params) {
            out.saveUnsigned(p);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Digest
    // ---------------------------------------------------------------------------------------

    /**
     * {@code DEBUG DIGEST} as Redis 8's {@code VectorSetDigest}: the size and dimension as one
     * sequence, then one sequence per element (stored vector bytes, name, attributes if any).
     * Sequences are xor-ed, so the digest does not depend on the order of the elements, and a set
     * and its replica (or its reloaded copy) digest alike.
     */
    @Override
    public void digest(KvValue value, ModuleTypeDigest d) {
        VectorSet v = (VectorSet) value;
        v.lock.readLock().lock();
        try {
            Hnsw g = v.graph;
            d.addLongLong(g.size());
            d.addLongLong(g.dim);
            d.endSequence();
            for (int i = 0; i < g.size(); i++) {
                int s = g.liveSlot(i);
                d.addStringBuffer(g.store.rawVector(s));
                d.addStringBuffer(g.store.name(s));
                byte[] attr = g.store.attr(s);
                if (attr != null) {
                    d.addStringBuffer(attr);
                }
                d.endSequence();
            }
        } finally {
            v.lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Load
    // ---------------------------------------------------------------------------------------

    @Override
    public KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException {
        if (encodingVersion != ENCODING_VERSION) {
            throw new IOException("vectorset encoding version " + encodingVersion + " is not supported");
        }
        long dim = in.loadUnsigned();
        long elements = in.loadUnsigned();
        long config = in.loadUnsigned();
        int quant = (int) (config & 0xff);
        int m = (int) ((config >>> 8) & 0xffff);
        if (dim == 0 || dim > MAX_DIM) {
            throw new IOException("Invalid vector dimension in RDB: dim=" + dim);
        }
        if (!Quant.valid(quant)) {
            throw new IOException("Invalid vector set quantization type " + quant);
        }
        if (m == 0) {
            m = Hnsw.DEFAULT_M; // records older than the M option: it was fixed at 16
        } else if (m > Hnsw.MAX_M) {
            m = Hnsw.MAX_M;
        }
        if (elements < 0 || elements > Integer.MAX_VALUE) {
            throw new IOException("Invalid vector set size " + elements);
        }
        long flags = in.loadUnsigned();
        float[] projection = null;
        int projInput = 0;
        if ((flags & FLAG_PROJECTION) != 0) {
            long input = in.loadUnsigned();
            if (input == 0 || input > MAX_DIM || dim > input) {
                throw new IOException("Invalid projection matrix dimensions: input_dim=" + input + ", output_dim=" + dim);
            }
            byte[] blob = in.loadString();
            if (blob.length != 4L * input * dim) {
                throw new IOException("Mismatching projection matrix length");
            }
            projection = new float[(int) (input * dim)];
            for (int i = 0; i < projection.length; i++) {
                projection[i] = Float.intBitsToFloat((blob[i * 4] & 0xff) | (blob[i * 4 + 1] & 0xff) << 8
                        | (blob[i * 4 + 2] & 0xff) << 16 | (blob[i * 4 + 3] & 0xff) << 24);
            }
            projInput = (int) input;
        }
        boolean attrs = (flags & FLAG_ATTRIBUTES) != 0;
        VectorSet v = new VectorSet((int) dim, quant, m, projection, projInput);
        GraphLoader loader = v.graph.loader();
        for (long e = 0; e < elements; e++) {
            byte[] name = in.loadString();
            byte[] attr = null;
            if (attrs) {
                attr = in.loadString();
                if (attr.length == 0) {
                    attr = null;
                }
            }
            byte[] vector = in.loadString();
            long count = in.loadUnsigned();
            if (count < 0 || count > 1 << 20) {
                throw new IOException("Invalid vector set node params count " + count);
            }
            long[] params = new long[(int) count];
            for (int j = 0; j < params.length; j++) {
                params[j] = in.loadUnsigned();
            }
            loader.add(vector, params, name, attr);
            if (attr != null) {
                v.attributeCount++;
            }
        }
        loader.finish();
        for (int i = 0; i < v.graph.size(); i++) {
            int s = v.graph.liveSlot(i);
            byte[] name = v.graph.store.name(s);
            if (v.names.get(name) >= 0) {
                throw new IOException("Duplicate vector set element name");
            }
            v.names.put(name, s);
        }
        return v;
    }
}
