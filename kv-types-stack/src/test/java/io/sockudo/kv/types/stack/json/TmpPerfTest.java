package io.sockudo.kv.types.stack.json;

import org.junit.jupiter.api.Test;

class TmpPerfTest {
    static final String DOC = "{\"id\":\"5f8d0d55b54764421b7156c3\",\"user\":{\"name\":\"Alice Johnson\",\"email\":\"alice.johnson@example.com\",\"age\":34,\"verified\":true,\"address\":{\"street\":\"42 Wallaby Way\",\"city\":\"Sydney\",\"zip\":\"2000\",\"country\":\"AU\"}},\"stats\":{\"views\":1024,\"likes\":87,\"shares\":12,\"rating\":4.75,\"last_seen\":null},\"tags\":[\"travel\",\"photography\",\"food\",\"hiking\",\"coffee\"],\"items\":[{\"sku\":\"A-1001\",\"title\":\"Waterproof hiking boots\",\"qty\":1,\"price\":129.99,\"in_stock\":true},{\"sku\":\"B-2002\",\"title\":\"Trail running socks, pack of 3\",\"qty\":2,\"price\":24.5,\"in_stock\":true},{\"sku\":\"C-3003\",\"title\":\"Insulated stainless steel bottle\",\"qty\":1,\"price\":34.95,\"in_stock\":false}],\"notes\":\"Prefers morning deliveries; leave parcels with the concierge at the front desk if nobody answers.\",\"created\":\"2024-03-18T09:14:07Z\",\"updated\":\"2024-11-02T17:45:31Z\",\"active\":true,\"score\":98765,\"ratio\":0.8125,\"history\":[{\"event\":\"login\",\"at\":\"2024-11-02T17:40:00Z\"},{\"event\":\"purchase\",\"at\":\"2024-11-02T17:44:12Z\"},{\"event\":\"logout\",\"at\":\"2024-11-02T17:45:31Z\"}],\"flags\":{\"beta\":false,\"newsletter\":true,\"vip\":true}}";

    @Test
    void perf() {
        byte[] in = DOC.getBytes();
        byte[] packed = JsonParser.parse(in);
        System.out.println("text " + in.length + " packed " + packed.length);
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            int n = 200_000;
            long sink = 0;
            for (int i = 0; i < n; i++) {
                sink += JsonParser.parse(in).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Scratch s = Scratch.forText();
                JsonWriter.COMPACT.value(packed, 0, s);
                sink += s.len;
            }
            long t2 = System.nanoTime();
            System.out.println("parse " + (t1 - t0) / n + " ns, write " + (t2 - t1) / n + " ns " + sink);
        }
    }
}
