package io.sockudo.kv.kernel.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Every connected client, by id; counters for INFO clients and stats. */
public final class ClientRegistry {
    private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    /** INFO stats evicted_clients: clients closed by maxmemory-clients (reset by CONFIG RESETSTAT). */
    public final LongAdder evictedClients = new LongAdder();
    /** The clients in MONITOR mode. */
    private final Monitors monitors = new Monitors();

    public Monitors monitors() {
        return monitors;
    }

    public long nextId() {
        return nextId.getAndIncrement();
    }

    public void add(Client c) {
        clients.put(c.id(), c);
        totalConnections.increment();
    }

    /** A connection this server opened itself (the link to its master): listed, not counted as accepted. */
    public void addOwn(Client c) {
        clients.put(c.id(), c);
    }

    public void remove(Client c) {
        clients.remove(c.id());
        monitors.remove(c);
    }

    public Client get(long id) {
        return clients.get(id);
    }

    public int size() {
        return clients.size();
    }

    /** All clients ordered by id (CLIENT LIST order). */
    public List<Client> all() {
        List<Client> list = new ArrayList<>(clients.values());
        list.sort(Comparator.comparingLong(Client::id));
        return list;
    }
}
