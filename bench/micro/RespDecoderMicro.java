package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * The request decoder in isolation (bench/resp-micro.sh): decodes 1,000 pipelined commands as
 * redis-benchmark sends them (GET of a 16-byte key, or SET with a 3-byte value) from one buffer,
 * a direct buffer (what the epoll transport reads into), PASSES times per round, alternating the
 * one-pass path for small commands with the general parser (the same decoder with that path
 * off), and prints the best round's nanoseconds per command for each. In the decoder's package because
 * {@code decode} is protected.
 */
public final class RespDecoderMicro {
    public static void main(String[] args) {
        String kind = args[0];
        int rounds = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        int commands = 1000;
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < commands; i++) {
            String key = String.format("key:%012d", i);
            if (kind.equals("set")) {
                wire.append("*3\r\n$3\r\nSET\r\n$16\r\n").append(key).append("\r\n$3\r\nxxx\r\n");
            } else {
                wire.append("*2\r\n$3\r\nGET\r\n$16\r\n").append(key).append("\r\n");
            }
        }
        byte[] bytes = wire.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        if (!direct.hasMemoryAddress()) {
            throw new IllegalStateException("no memory address: run with Netty's unsafe access (see bench/resp-micro.sh)");
        }
        RespDecoder decoder = new RespDecoder(new ProtocolLimits(), () -> false);
        ArrayList<Object> out = new ArrayList<>(commands);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long decoded = 0;
        for (int round = 0; round < rounds; round++) {
            for (int which = 0; which < 2; which++) {
                ByteBuf in = direct;
                decoder.onePass(which == 0);
                long t0 = System.nanoTime();
                for (int p = 0; p < passes; p++) {
                    in.readerIndex(0);
                    out.clear();
                    decoder.decode(null, in, out);
                    decoded += out.size();
                }
                double ns = (System.nanoTime() - t0) / (double) passes / commands;
                if (round >= rounds / 5) { // the first fifth warms up
                    best[which] = Math.min(best[which], ns);
                }
            }
        }
        if (decoded != (long) rounds * 2 * passes * commands) {
            throw new IllegalStateException("decoded " + decoded);
        }
        System.out.printf("%s: one-pass path %.1f ns/command, general parser %.1f ns/command%n",
                kind, best[0], best[1]);
    }
}
