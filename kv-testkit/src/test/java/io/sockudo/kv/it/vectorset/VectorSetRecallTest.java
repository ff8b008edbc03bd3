package io.sockudo.kv.it.vectorset;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.elements;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.fp32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall@10 of VSIM (default EF) against VSIM ... TRUTH through the server, on a bounded
 * clustered set (4 000 vectors of 64 components, fixed seeds), before and after VREM of 20% of
 * the elements. The 100 000-vector figures (random and clustered, 128 components, every
 * encoding) come from bench/vectorset.sh and are recorded in docs/benchmarks.md.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VectorSetRecallTest {
    private static final int N = 4000;
    private static final int DIM = 64;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** 100 centres uniform in [-1, 1]; each vector a centre plus N(0, 0.1) per component. */
    private static float[][] clustered(int n, long seed) {
        Random centres = new Random(99);
        float[][] c = new float[100][DIM];
        for (float[] x : c) {
            for (int j = 0; j < DIM; j++) {
                x[j] = centres.nextFloat() * 2 - 1;
            }
        }
        Random r = new Random(seed);
        float[][] v = new float[n][DIM];
        for (float[] x : v) {
            float[] centre = c[r.nextInt(c.length)];
            for (int j = 0; j < DIM; j++) {
                x[j] = centre[j] + (float) r.nextGaussian() * 0.1f;
            }
        }
        return v;
    }

    private static double recall(RespClient c, float[][] queries) throws IOException {
        double sum = 0;
        for (float[] q : queries) {
            byte[] blob = fp32(q);
            List<String> approx = elements(new String(c.call(List.of("VSIM".getBytes(), "vs".getBytes(),
                    "FP32".getBytes(), blob, "COUNT".getBytes(), "10".getBytes())), StandardCharsets.ISO_8859_1));
            Set<String> truth = new HashSet<>(elements(new String(c.call(List.of("VSIM".getBytes(), "vs".getBytes(),
                    "FP32".getBytes(), blob, "COUNT".getBytes(), "10".getBytes(), "TRUTH".getBytes())),
                    StandardCharsets.ISO_8859_1)));
            int hit = 0;
            for (String e : approx) {
                if (truth.contains(e)) {
                    hit++;
                }
            }
            sum += hit / (double) truth.size();
        }
        return sum / queries.length;
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOQUANT", "Q8", "BIN"})
    void recallBeforeAndAfterDeletions(String quant) throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("FLUSHALL");
            float[][] data = clustered(N, 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < N; i++) {
                out.writeBytes(RespClient.encode(List.of("VADD".getBytes(), "vs".getBytes(), "FP32".getBytes(),
                        fp32(data[i]), ("e" + i).getBytes(), quant.getBytes())));
            }
            c.sendRaw(out.toByteArray());
            for (int i = 0; i < N; i++) {
                assertEquals(":1\r\n", new String(c.readReply(), StandardCharsets.ISO_8859_1));
            }
            float[][] queries = clustered(100, 2);
            double before = recall(c, queries);
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                ids.add(i);
            }
            java.util.Collections.shuffle(ids, new Random(3));
            for (int i = 0; i < N / 5; i++) {
                assertEquals(":1\r\n", c.callText("VREM", "vs", "e" + ids.get(i)));
            }
            double after = recall(c, queries);
            // binary quantisation keeps 64 bits of each vector: many ties, recall is reported only
            double floor = quant.equals("BIN") ? 0.5 : 0.95;
            assertTrue(before >= floor, quant + " recall " + before);
            assertTrue(after >= floor, quant + " recall after deleting 20% " + after);
        }
    }
}
