package io.sockudo.kv.kernel.client;

import io.sockudo.kv.spi.ServerConfigView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code timeout} option: closes connections idle for longer than {@code timeout} seconds, as
 * Redis's clientsCronHandleTimeout does. Blocked clients are left alone (their command has its
 * own timeout). Runs once a second on the cron thread.
 */
public final class IdleClientReaper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleClientReaper.class);
    private final ClientRegistry clients;
    private final ServerConfigView config;

    public IdleClientReaper(ClientRegistry clients, ServerConfigView config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public void run() {
        long timeoutSeconds = config.getLong("timeout");
        if (timeoutSeconds <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Client c : clients.all()) {
            if (c.blocked() != null || c.channel() == null) {
                continue;
            }
            if ((now - c.lastInteractionMillis()) / 1000 > timeoutSeconds) {
                LOG.debug("closing idle client id={} addr={}", c.id(), c.peerAddress());
                c.channel().close();
            }
        }
    }
}
