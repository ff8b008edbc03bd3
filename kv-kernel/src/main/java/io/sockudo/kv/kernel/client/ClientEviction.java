package io.sockudo.kv.kernel.client;

import io.sockudo.kv.kernel.config.ClientOutputBufferLimits;
import io.sockudo.kv.kernel.config.MemoryUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client eviction, Redis 7.0's {@code maxmemory-clients}: when the memory of all normal and
 * pub/sub clients together (query buffer, MULTI queue, output buffer, per-client overhead: the CLIENT LIST
 * {@code tot-mem} figure) reaches the limit, clients are closed, largest first, until it is below
 * again. Never evicted: clients with CLIENT NO-EVICT on (they still count toward the total), the
 * link to the master and replicas (not counted either, as in Redis), the server's own clients, and
 * the client whose command is running on the calling thread.
 *
 * <p>Redis keeps evictable clients in buckets by powers of two of their memory and evicts from the
 * top bucket; here the candidates are sorted by memory when an eviction is needed (rare, and the
 * same order the buckets approximate).
 *
 * <p><b>Accounting.</b> Each client's last measured memory is kept in the client
 * ({@link Client#accountedMemory}); a new measurement adds the difference to {@link #total}, so a
 * check is a few field updates. Connections measure after each read batch and whenever replies
 * are queued; the memory cron re-measures every client (output drains without telling anyone).
 * Nothing at all is measured while the option is 0.
 */
public final class ClientEviction {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEviction.class);

    /** Redis's floor: a smaller limit would leave no way to talk to the server. */
    static final long MIN_LIMIT = 128 * 1024;
    /**
     * What a client costs before buffers (Redis's client struct and its minimal 1 KB reply
     * buffer): CLIENT LIST's {@code tot-mem} of an idle client.
     */
    public static final long CLIENT_OVERHEAD = 1798;
    /** After a pass that found nothing to evict, full passes wait this long (no scan per read batch). */
    private static final long STUCK_BACKOFF_MILLIS = 100;

    private final ClientRegistry clients;
    private final ClientDescriber describer;
    /** The limit in force in bytes; 0 when client eviction is off. */
    private volatile long limit;
    private final AtomicLong total = new AtomicLong();
    private volatile long stuckUntil;
    /** "Over client maxmemory..." was logged and the total has not gone under the limit since. */
    private boolean overLogged;

    public ClientEviction(ClientRegistry clients, ClientDescriber describer) {
        this.clients = clients;
        this.describer = describer;
    }

    /**
     * Applies {@code maxmemory-clients} ({@code setting}: bytes, or {@code N%} of {@code maxmemory})
     * as Redis's getClientEvictionLimit: a percentage without maxmemory is off; anything on is at
     * least 128 KB.
     */
    public void configure(String setting, long maxmemory) {
        long bytes;
        if (setting.endsWith("%")) {
            long pct = Long.parseLong(setting.substring(0, setting.length() - 1));
            bytes = maxmemory > 0 ? (long) ((double) maxmemory * pct / 100) : 0;
        } else {
            Long v = MemoryUnits.parseStrict(setting);
            bytes = v == null ? 0 : v;
        }
        if (bytes > 0 && bytes < MIN_LIMIT) {
            bytes = MIN_LIMIT;
        }
        boolean wasOff = limit == 0;
        limit = bytes;
        stuckUntil = 0;
        if (bytes == 0) {
            for (Client c : clients.all()) {
                c.swapAccountedMemory(0);
            }
            total.set(0);
        } else if (wasOff) {
            total.set(0);
            for (Client c : clients.all()) {
                c.swapAccountedMemory(0);
            }
        }
    }

    /** One volatile read: connections skip every measurement while this is false. */
    public boolean enabled() {
        return limit != 0;
    }

    public long limit() {
        return limit;
    }

    /** INFO stats {@code evicted_clients}. */
    public long evictedClients() {
        return clients.evictedClients.sum();
    }

    /** The memory of normal and pub/sub clients as last measured (0 while eviction is off). */
    public long totalMemory() {
        return Math.max(0, total.get());
    }

    /**
     * A client's memory as CLIENT LIST {@code tot-mem} counts it, outside a command of its own:
     * its query buffer (with the commands parsed and waiting behind a blocked or paused one), the
     * commands it queued since MULTI, and its output.
     */
    public static long memoryOf(Client c) {
        return CLIENT_OVERHEAD + c.queryBufferBytes() + c.multiMemory() + c.outputBufferMemory();
    }

    /**
     * Measures {@code c} again and evicts when the total reached the limit. {@code running} is the
     * client whose command runs on this thread (never evicted), or null.
     */
    public void update(Client c, Client running) {
        long lim = limit;
        if (lim == 0) {
            return;
        }
        account(c);
        if (total.get() >= lim && System.currentTimeMillis() >= stuckUntil) {
            evict(running);
        }
    }

    /** A connection closed: its memory leaves the total. */
    public void removed(Client c) {
        long old = c.retireAccountedMemory();
        if (old > 0) {
            total.addAndGet(-old);
        }
    }

    /** The memory cron (every 100 ms): every client measured again, then evict if needed. */
    public void cron() {
        long lim = limit;
        if (lim == 0) {
            return;
        }
        for (Client c : clients.all()) {
            account(c);
        }
        if (total.get() >= lim) {
            stuckUntil = 0;
            evict(null);
        }
    }

    private void account(Client c) {
        long now = counted(c) ? memoryOf(c) : 0;
        long old = c.swapAccountedMemory(now);
        if (old >= 0 && now != old) {
            total.addAndGet(now - old);
        }
    }

    /** Normal and pub/sub clients count toward the total (replicas and the master link do not). */
    private static boolean counted(Client c) {
        return c.channel() != null && c.replicationFlag() == 0
                && c.outputClass() != ClientOutputBufferLimits.ClientClass.REPLICA;
    }

    /** Redis's clientEvictionAllowed, plus: not the client running a command here. */
    private static boolean evictable(Client c, Client running) {
        return c != running && !c.noEvict() && counted(c) && c.channel().isActive();
    }

    /** Redis's evictClients: the largest evictable clients first, until the total is under the limit. */
    private synchronized void evict(Client running) {
        long lim = limit;
        if (lim == 0 || total.get() < lim) {
            return;
        }
        List<Client> candidates = new ArrayList<>();
        for (Client c : clients.all()) {
            if (evictable(c, running)) {
                candidates.add(c);
            }
        }
        candidates.sort((a, b) -> Long.compare(b.accountedMemoryForSort(), a.accountedMemoryForSort()));
        for (Client c : candidates) {
            if (total.get() < lim) {
                break;
            }
            LOG.info("Evicting client: {}", describer.describe(c));
            clients.evictedClients.increment();
            c.killed(true);
            removed(c);
            c.channel().close();
        }
        if (total.get() >= lim) {
            if (!overLogged) { // Redis logs it on every pass; once per episode is enough to be seen
                LOG.warn("Over client maxmemory after evicting all evictable clients");
                overLogged = true;
            }
            stuckUntil = System.currentTimeMillis() + STUCK_BACKOFF_MILLIS;
        } else {
            overLogged = false;
        }
    }
}
