package io.sockudo.kv.kernel.stats;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Facts about this server process that INFO and CONFIG report: run id, TCP port, config file. */
public final class ServerIdentity {
    private final String runId = randomRunId();
    private final Path configFile;
    private volatile int port;

    /** @param configFile the config file the server started with (absolute), or null */
    public ServerIdentity(Path configFile) {
        this.configFile = configFile;
    }

    /** INFO {@code run_id}: 40 random hex digits, new at every start. */
    public String runId() {
        return runId;
    }

    /** The config file the server started with, or null. */
    public Path configFile() {
        return configFile;
    }

    /** The TCP port actually bound (differs from the config when 0 = ephemeral); 0 before binding. */
    public int port() {
        return port;
    }

    /** Set once the listening socket is bound. */
    public void port(int value) {
        this.port = value;
    }

    private static String randomRunId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
