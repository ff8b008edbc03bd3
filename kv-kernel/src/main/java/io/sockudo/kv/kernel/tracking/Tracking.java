package io.sockudo.kv.kernel.tracking;

import io.sockudo.kv.kernel.keyspace.EngagementSignal;
import io.netty.util.concurrent.FastThreadLocal;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.CallObserver;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.WriteObserver;
import io.sockudo.kv.spi.CommandFlag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-assisted client-side caching (Redis's tracking.c). In the default mode the server
 * remembers, per key name (whatever the database, as Redis does), which clients read it with a
 * read-only command, and when the key is written sends those clients an invalidation and forgets
 * them; in BCAST mode a client gets the invalidations of every key under its prefixes instead.
 * OPTIN/OPTOUT with CLIENT CACHING, NOLOOP, REDIRECT to another connection (RESP2 clients get
 * invalidations as pub/sub messages on {@code __redis__:invalidate} there), flush invalidations
 * and {@code tracking-table-max-keys} as in Redis 7.0.
 *
 * <p>Keys are remembered after a read-only command and invalidated on writes, both under the key's
 * shard lock, so a read and a concurrent write of the same key are ordered. BCAST invalidations
 * are collected while a command runs and sent when it ends (Redis sends them once per event loop
 * turn), keys in lexicographic order.
 */
public final class Tracking implements WriteObserver, CallObserver, ConnectionListener {
    /** One client's tracking mode. Changed on the client's event loop; read by writers on any thread. */
    static final class State {
        volatile long redirect;
        volatile boolean bcast;
        volatile boolean optin;
        volatile boolean optout;
        volatile boolean noloop;
        /** CLIENT CACHING yes/no for the next command (Redis's CLIENT_TRACKING_CACHING). */
        volatile boolean caching;
        volatile boolean redirectBroken;
        final Set<Key> prefixes = ConcurrentHashMap.newKeySet();
    }

    /** A key or prefix name with a cached hash. */
    record Key(byte[] bytes, int hash) implements Comparable<Key> {
        Key(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public int compareTo(Key o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }

    /** What the calling thread's current top-level command is doing (NOLOOP, BCAST batching, flushes). */
    private static final class CallState {
        Client current;
        int depth;
        boolean flushed;
        /**
         * Keys the running command's own client reads and the command wrote: their invalidations
         * go out after the command's reply (Redis's tracking_pending_keys).
         */
        final List<byte[]> ownKeys = new ArrayList<>();
        /** prefix -> (key -> the client that wrote it), for BCAST. */
        final Map<Key, TreeMap<Key, Client>> broadcast = new java.util.HashMap<>();
    }

    private final ClientRegistry clients;
    private final Map<Client, State> states = new ConcurrentHashMap<>();
    /** Told when a client turns tracking on or off (the keyspace's write observers). */
    private final EngagementSignal engagementChanged = new EngagementSignal();
    private final Map<Key, Set<Client>> table = new ConcurrentHashMap<>();
    /** BCAST prefixes and their clients. */
    private final Map<Key, Set<Client>> prefixTable = new ConcurrentHashMap<>();
    private final AtomicLong totalItems = new AtomicLong();
    /** Netty's thread-local (an array slot on event-loop threads): read twice per command. */
    private final FastThreadLocal<CallState> calls = new FastThreadLocal<>() {
        @Override
        protected CallState initialValue() {
            return new CallState();
        }
    };
    private volatile long maxKeys = 1_000_000;

    public Tracking(ClientRegistry clients, CommandRunner runner, ConfigRegistry config) {
        this.clients = clients;
        runner.addObserver(this);
        config.onChange("tracking-table-max-keys", v -> maxKeys = config.getLong("tracking-table-max-keys"));
    }

    // ---------------------------------------------------------------- CLIENT TRACKING / CACHING

    /** The options of one CLIENT TRACKING ON. */
    public record Options(long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                          List<byte[]> prefixes) {
    }

    /** CLIENT TRACKING ON: null when enabled, otherwise Redis's error text (without the check order changing). */
    public String enable(Client c, Options o) {
        if (!o.bcast && !o.prefixes.isEmpty()) {
            return "ERR PREFIX option requires BCAST mode to be enabled";
        }
        State s = states.get(c);
        if (s != null && s.bcast != o.bcast) {
            return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.";
        }
        if (o.bcast && (o.optin || o.optout)) {
            return "ERR OPTIN and OPTOUT are not compatible with BCAST";
        }
        if (o.optin && o.optout) {
            return "ERR You can't specify both OPTIN mode and OPTOUT mode";
        }
        if (s != null && ((o.optin && s.optout) || (o.optout && s.optin))) {
            return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.";
        }
        if (o.bcast) {
            String collision = prefixCollision(s, o.prefixes);
            if (collision != null) {
                return collision;
            }
        }
        if (s == null) {
            s = new State();
            states.put(c, s);
            engagementChanged.fire();
        }
        s.redirect = o.redirect;
        s.redirectBroken = false;
        s.bcast = o.bcast;
        s.optin = o.optin;
        s.optout = o.optout;
        s.noloop = o.noloop;
        if (o.bcast) {
            List<byte[]> add = o.prefixes.isEmpty() ? List.of(new byte[0]) : o.prefixes;
            for (byte[] p : add) {
                Key k = new Key(p);
                if (s.prefixes.add(k)) {
                    prefixTable.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(c);
                }
            }
        }
        return null;
    }

    /** Redis's checkPrefixCollisionsOrReply: no prefix may be a prefix of another of the same client. */
    private static String prefixCollision(State s, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (s != null) {
                for (Key existing : s.prefixes) {
                    if (overlap(existing.bytes(), p)) {
                        return "ERR Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(existing.bytes())
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    return "ERR Prefix '" + text(p) + "' overlaps with another provided prefix '"
                            + text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** CLIENT TRACKING OFF (and disconnect). */
    public void disable(Client c) {
        State s = states.remove(c);
        if (s != null) {
            engagementChanged.fire();
            for (Key p : s.prefixes) {
                prefixTable.computeIfPresent(p, (k, set) -> {
                    set.remove(c);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    /** CLIENT CACHING YES|NO: null when accepted, otherwise Redis's error. */
    public String caching(Client c, boolean yes) {
        State s = states.get(c);
        if (s == null) {
            return "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT "
                    + "mode enabled";
        }
        if (yes && !s.optin) {
            return "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
        }
        if (!yes && !s.optout) {
            return "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";
        }
        s.caching = true;
        return null;
    }

    /** CLIENT GETREDIR: -1 when not tracking, 0 without redirection. */
    public long redirect(Client c) {
        State s = states.get(c);
        return s == null ? -1 : s.redirect;
    }

    /** CLIENT TRACKINGINFO flags, in Redis's order. */
    public List<String> flags(Client c) {
        State s = states.get(c);
        List<String> f = new ArrayList<>();
        if (s == null) {
            f.add("off");
            return f;
        }
        f.add("on");
        if (s.bcast) {
            f.add("bcast");
        }
        if (s.optin) {
            f.add("optin");
            if (s.caching) {
                f.add("caching-yes");
            }
        }
        if (s.optout) {
            f.add("optout");
            if (s.caching) {
                f.add("caching-no");
            }
        }
        if (s.noloop) {
            f.add("noloop");
        }
        if (s.redirectBroken) {
            f.add("broken_redirect");
        }
        return f;
    }

    /** The client's BCAST prefixes, in lexicographic order (Redis keeps them in a radix tree). */
    public List<byte[]> prefixes(Client c) {
        State s = states.get(c);
        List<byte[]> out = new ArrayList<>();
        if (s != null) {
            s.prefixes.stream().sorted().forEach(k -> out.add(k.bytes()));
        }
        return out;
    }

    /** CLIENT LIST flag letters: t (tracking), R (broken redirection), B (broadcast). */
    public String clientListFlags(Client c) {
        State s = states.get(c);
        if (s == null) {
            return "";
        }
        return "t" + (s.redirectBroken ? "R" : "") + (s.bcast ? "B" : "");
    }

    // ---------------------------------------------------------------- INFO

    public int trackingClients() {
        return states.size();
    }

    public int totalKeys() {
        return table.size();
    }

    public long totalItems() {
        return totalItems.get();
    }

    public int totalPrefixes() {
        return prefixTable.size();
    }

    // ---------------------------------------------------------------- remembering keys

    @Override
    public void beforeCall(ExecutionContext ctx, RegisteredCommand cmd) {
        CallState cs = calls.get();
        if (cs.depth++ == 0) {
            cs.current = ctx.clientState();
        }
    }

    @Override
    public void afterCall(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv) {
        CallState cs = calls.get();
        // A lock-free command (EVAL_RO, FCALL_RO) reads only through the commands it runs, which
        // are remembered themselves: Redis skips the script command's own keys.
        if (!states.isEmpty() && cmd.hasFlag(CommandFlag.READONLY) && !cmd.lockFree()) {
            Client c = cs.current != null ? cs.current : ctx.clientState();
            State s = states.get(c);
            if (s != null && !s.bcast && (!s.optin || s.caching) && !(s.optout && s.caching)) {
                remember(c, cmd, argv);
            }
        }
        if (--cs.depth == 0) {
            Client c = cs.current;
            cs.current = null;
            // (no lookup while nobody tracks: this runs after every command)
            State s = c == null || states.isEmpty() ? null : states.get(c);
            // CLIENT CACHING applies to the next command only (a whole EXEC), not to CLIENT itself
            if (s != null && s.caching && !"client".equals(rootName(cmd)) && !handedOn(c, cmd)) {
                s.caching = false;
            }
            if (!cs.ownKeys.isEmpty()) {
                for (byte[] key : cs.ownKeys) {
                    if (s != null) {
                        send(c, s, List.of(key));
                    }
                }
                cs.ownKeys.clear();
            }
            finishCommand(cs);
        }
    }

    /**
     * An EVAL or FCALL queued for the script thread ends twice: on the client's event loop when it
     * is queued, and on the script thread once the script ran ({@link
     * CommandRunner#beginContinuation}). CLIENT CACHING covers the script, so only the second end
     * counts; this is the first.
     */
    private static boolean handedOn(Client c, RegisteredCommand cmd) {
        return cmd.lockFree() && c.detachedCommands() > 0 && c.channel() != null
                && c.channel().eventLoop().inEventLoop();
    }

    private static String rootName(RegisteredCommand cmd) {
        return (cmd.parent() == null ? cmd : cmd.parent()).spec().name();
    }

    private void remember(Client c, RegisteredCommand cmd, byte[][] argv) {
        for (int i : CommandRunner.keyIndexes(cmd.spec(), argv)) {
            if (i <= 0 || i >= argv.length) {
                continue;
            }
            Set<Client> set = table.computeIfAbsent(new Key(argv[i]), k -> ConcurrentHashMap.newKeySet());
            if (set.add(c)) {
                totalItems.incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- invalidation

    @Override
    public boolean engaged() {
        return !states.isEmpty();
    }

    @Override
    public void onEngagementChange(Runnable changed) {
        engagementChanged.add(changed);
    }

    @Override
    public void keyWritten(Database db, byte[] key) {
        if (states.isEmpty()) {
            return;
        }
        CallState cs = calls.get();
        if (!prefixTable.isEmpty()) {
            rememberForBroadcast(cs, key);
        }
        Set<Client> readers = table.remove(new Key(key));
        if (readers == null) {
            return;
        }
        totalItems.addAndGet(-readers.size());
        List<byte[]> keys = List.of(key);
        for (Client target : readers) {
            State s = states.get(target);
            if (s == null || s.bcast || (s.noloop && target == cs.current)) {
                continue;
            }
            if (target == cs.current && cs.depth > 0) {
                cs.ownKeys.add(key);
                continue;
            }
            send(target, s, keys);
        }
    }

    @Override
    public void contentsReplaced(Database db, Database replacement) {
        if (replacement != null || states.isEmpty()) {
            return; // SWAPDB invalidates nothing in Redis 7.0
        }
        CallState cs = calls.get();
        if (cs.depth > 0) {
            cs.flushed = true; // FLUSHALL empties every database: one message when the command ends
        } else {
            invalidateAll();
        }
    }

    /** A flush: every tracking client gets a null invalidation, and the table is forgotten. */
    private void invalidateAll() {
        for (Map.Entry<Client, State> e : states.entrySet()) {
            send(e.getKey(), e.getValue(), null);
        }
        table.clear();
        totalItems.set(0);
    }

    private void rememberForBroadcast(CallState cs, byte[] key) {
        for (Key prefix : prefixTable.keySet()) {
            byte[] p = prefix.bytes();
            if (p.length <= key.length && Arrays.equals(p, 0, p.length, key, 0, p.length)) {
                cs.broadcast.computeIfAbsent(prefix, k -> new TreeMap<>()).put(new Key(key), cs.current);
            }
        }
        if (cs.depth == 0) {
            finishCommand(cs); // a write outside a command (active expiry): send now
        }
    }

    /** Sends what the command collected (BCAST keys, a flush) and keeps the table within its limit. */
    private void finishCommand(CallState cs) {
        if (cs.flushed) {
            cs.flushed = false;
            cs.broadcast.clear();
            invalidateAll();
        }
        if (!cs.broadcast.isEmpty()) {
            for (Map.Entry<Key, TreeMap<Key, Client>> e : cs.broadcast.entrySet()) {
                Set<Client> subscribers = prefixTable.get(e.getKey());
                if (subscribers == null) {
                    continue;
                }
                for (Client target : subscribers) {
                    State s = states.get(target);
                    if (s == null) {
                        continue;
                    }
                    List<byte[]> keys = new ArrayList<>();
                    for (Map.Entry<Key, Client> k : e.getValue().entrySet()) {
                        if (!(s.noloop && k.getValue() == target)) {
                            keys.add(k.getKey().bytes());
                        }
                    }
                    if (!keys.isEmpty()) {
                        send(target, s, keys);
                    }
                }
            }
            cs.broadcast.clear();
        }
        evictOverLimit();
    }

    /** {@code tracking-table-max-keys}: forget keys beyond the limit, invalidating them. */
    private void evictOverLimit() {
        long max = maxKeys;
        if (max <= 0 || table.size() <= max) {
            return;
        }
        Iterator<Key> it = table.keySet().iterator();
        while (table.size() > max && it.hasNext()) {
            Key k = it.next();
            Set<Client> readers = table.remove(k);
            if (readers == null) {
                continue;
            }
            totalItems.addAndGet(-readers.size());
            for (Client target : readers) {
                State s = states.get(target);
                if (s != null && !s.bcast) {
                    send(target, s, List.of(k.bytes()));
                }
            }
        }
    }

    /** Redis's sendTrackingMessage: to the client (RESP3) or its redirect target. */
    private void send(Client c, State s, List<byte[]> keys) {
        long redirect = s.redirect;
        Client target = c;
        boolean redirected = false;
        if (redirect != 0) {
            target = clients.get(redirect);
            if (target == null) {
                s.redirectBroken = true;
                if (c.protocol() >= 3) {
                    c.pushSink().push(TrackingMessages.redirectBroken(redirect));
                }
                return;
            }
            redirected = true;
        }
        if (target.protocol() >= 3) {
            target.pushSink().push(TrackingMessages.invalidate(3, keys));
        } else if (redirected && target.subscriptions() > 0) {
            target.pushSink().push(TrackingMessages.invalidate(2, keys));
        }
        // a RESP2 client without a redirect cannot receive pushes: nothing is sent, as in Redis
    }

    @Override
    public void closed(Client client) {
        disable(client);
    }
}
