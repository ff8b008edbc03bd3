import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of bench/vectorset.sh (run as a single-file program: java VectorSetBench.java
 * ...). Talks RESP over plain sockets, sends vectors as FP32 blobs, one request per connection
 * in flight, and prints one result line.
 *
 *   load   KEY N DIM DATA SEED CLIENTS [VADD options...]   VADD e0..e(N-1); prints VADD/s
 *   recall KEY DIM DATA SEED QUERIES EF                    recall@10 of VSIM vs VSIM TRUTH
 *   qps    KEY DIM DATA SEED CLIENTS QUERIES               VSIM COUNT 10 queries/s
 *   delete KEY N FRACTION SEED                             VREM a random FRACTION of e0..e(N-1)
 *
 * DATA is "random" (components uniform in [-1, 1]) or "clustered" (1000 centres uniform in
 * [-1, 1], each vector a centre plus N(0, 0.1) per component); queries are drawn from the same
 * distribution with another seed. The port comes from the PORT environment variable.
 */
public class VectorSetBench {
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PORT", "6379"));

    // ---------------------------------------------------------------------------------------
    // Data
    // ---------------------------------------------------------------------------------------

    static final class Data {
        final int dim;
        final boolean clustered;
        final Random r;
        final float[][] centres;

        Data(int dim, String kind, long seed) {
            this.dim = dim;
            this.clustered = kind.equals("clustered");
            Random c = new Random(12345); // the same centres for the data and its queries
            centres = new float[1000][dim];
            for (float[] x : centres) {
                for (int j = 0; j < dim; j++) {
                    x[j] = c.nextFloat() * 2 - 1;
                }
            }
            this.r = new Random(seed);
        }

        synchronized float[] next() {
            float[] v = new float[dim];
            if (clustered) {
                float[] c = centres[r.nextInt(centres.length)];
                for (int j = 0; j < dim; j++) {
                    v[j] = c[j] + (float) r.nextGaussian() * 0.1f;
                }
            } else {
                for (int j = 0; j < dim; j++) {
                    v[j] = r.nextFloat() * 2 - 1;
                }
            }
            return v;
        }
    }

    static byte[] fp32(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    // ---------------------------------------------------------------------------------------
    // RESP
    // ---------------------------------------------------------------------------------------

    static final class Conn implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;

        Conn() throws IOException {
            s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 5000);
            s.setTcpNoDelay(true);
            in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            out = s.getOutputStream();
        }

        void send(List<byte[]> args) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : args) {
                b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                b.writeBytes(a);
                b.writeBytes(new byte[]{'\r', '\n'});
            }
            out.write(b.toByteArray());
        }

        Object call(List<byte[]> args) throws IOException {
            send(args);
            out.flush();
            return read();
        }

        Object call(String... args) throws IOException {
            List<byte[]> a = new ArrayList<>();
            for (String s : args) {
                a.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return call(a);
        }

        /** A reply: Long, String (bulk/simple), List, or an exception for errors. */
        Object read() throws IOException {
            String line = line();
            switch (line.charAt(0)) {
                case ':':
                    return Long.parseLong(line.substring(1));
                case '+':
                    return line.substring(1);
                case '-':
                    throw new IOException(line);
                case '$': {
                    int n = Integer.parseInt(line.substring(1));
                    if (n < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(n + 2);
                    return new String(body, 0, n, StandardCharsets.UTF_8);
                }
                case '*': {
                    int n = Integer.parseInt(line.substring(1));
                    List<Object> l = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        l.add(read());
                    }
                    return l;
                }
                default:
                    throw new IOException("unexpected reply " + line);
            }
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("closed");
                }
                sb.append((char) c);
            }
            in.read();
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static List<byte[]> args(Object... parts) {
        List<byte[]> a = new ArrayList<>();
        for (Object p : parts) {
            a.add(p instanceof byte[] ? (byte[]) p : p.toString().getBytes(StandardCharsets.UTF_8));
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "load":
                load(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), a[4], Long.parseLong(a[5]),
                        Integer.parseInt(a[6]), Arrays.copyOfRange(a, 7, a.length));
                break;
            case "recall":
                recall(a[1], Integer.parseInt(a[2]), a[3], Long.parseLong(a[4]), Integer.parseInt(a[5]),
                        Integer.parseInt(a[6]));
                break;
            case "qps":
                qps(a[1], Integer.parseInt(a[2]), a[3], Long.parseLong(a[4]), Integer.parseInt(a[5]),
                        Integer.parseInt(a[6]));
                break;
            case "delete":
                delete(a[1], Integer.parseInt(a[2]), Double.parseDouble(a[3]), Long.parseLong(a[4]));
                break;
            default:
                throw new IllegalArgumentException(a[0]);
        }
    }

    /** Runs {@code clients} threads until {@code total} jobs are taken; returns the seconds it took. */
    interface Job {
        void run(Conn c, int i) throws Exception;
    }

    static double parallel(int clients, int total, Job job) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            Thread th = new Thread(() -> {
                try (Conn c = new Conn()) {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        job.run(c, i);
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static void load(String key, int n, int dim, String kind, long seed, int clients, String[] opts) throws Exception {
        Data data = new Data(dim, kind, seed);
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = data.next();
        }
        // the first element creates the key (with its options) before the clients start
        try (Conn c = new Conn()) {
            c.call(vaddArgs(key, vectors[0], "e0", opts));
        }
        double secs = parallel(clients, n - 1, (c, i) -> {
            Object r = c.call(vaddArgs(key, vectors[i + 1], "e" + (i + 1), opts));
            if (!Long.valueOf(1).equals(r)) {
                throw new IOException("VADD replied " + r);
            }
        });
        System.out.printf("%.0f%n", (n - 1) / secs);
    }

    static List<byte[]> vaddArgs(String key, float[] v, String element, String[] opts) {
        List<byte[]> a = args("VADD", key, "FP32", fp32(v), element);
        for (String o : opts) {
            a.add(o.getBytes(StandardCharsets.UTF_8));
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    static void recall(String key, int dim, String kind, long seed, int queries, int ef) throws Exception {
        Data data = new Data(dim, kind, seed);
        double sum = 0;
        try (Conn c = new Conn()) {
            for (int q = 0; q < queries; q++) {
                byte[] v = fp32(data.next());
                List<Object> approx = (List<Object>) c.call(args("VSIM", key, "FP32", v, "COUNT", 10, "EF", ef));
                List<Object> truth = (List<Object>) c.call(args("VSIM", key, "FP32", v, "COUNT", 10, "TRUTH"));
                Set<Object> t = new HashSet<>(truth);
                int hit = 0;
                for (Object o : approx) {
                    if (t.contains(o)) {
                        hit++;
                    }
                }
                sum += hit / (double) truth.size();
            }
        }
        System.out.printf("%.4f%n", sum / queries);
    }

    static void qps(String key, int dim, String kind, long seed, int clients, int queries) throws Exception {
        Data data = new Data(dim, kind, seed);
        byte[][] qs = new byte[Math.min(queries, 10_000)][];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = fp32(data.next());
        }
        double secs = parallel(clients, queries, (c, i) -> {
            Object r = c.call(args("VSIM", key, "FP32", qs[i % qs.length], "COUNT", 10));
            if (!(r instanceof List) || ((List<?>) r).size() != 10) {
                throw new IOException("VSIM replied " + r);
            }
        });
        System.out.printf("%.0f%n", queries / secs);
    }

    static void delete(String key, int n, double fraction, long seed) throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        java.util.Collections.shuffle(ids, new Random(seed));
        int k = (int) (n * fraction);
        double secs = parallel(1, k, (c, i) -> c.call("VREM", key, "e" + ids.get(i)));
        System.out.printf("%.0f%n", k / secs);
    }
}
