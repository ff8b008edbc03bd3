import io.sockudo.kv.types.stack.json.JsonParser;
import io.sockudo.kv.types.stack.json.JsonWriter;
import io.sockudo.kv.types.stack.json.Scratch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON family's two whole-document costs in isolation: parsing a document's text into the
 * packed form (JSON.SET) and writing it back as compact text (JSON.GET). Measured in this thread's
 * CPU time, which a busy shared machine disturbs far less than wall-clock time. Run by
 * bench/json-micro.sh.
 */
public final class JsonMicro {
    public static void main(String[] args) throws Exception {
        byte[] doc = Files.readAllBytes(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        byte[] packed = JsonParser.parse(doc);
        long sink = 0;
        for (int round = 1; round <= rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += JsonParser.parse(doc).length;
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                Scratch s = Scratch.forText();
                JsonWriter.COMPACT.value(packed, 0, s);
                sink += s.len;
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            System.out.printf("round %d: parse %.0f ns, write %.0f ns (CPU per document of %d bytes)%n", round,
                    (t1 - t0) / (double) n, (t2 - t1) / (double) n, doc.length);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
