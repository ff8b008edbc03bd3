package io.sockudo.kv.kernel.blocking;

import io.sockudo.kv.kernel.keyspace.EngagementSignal;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.channel.Channel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.BlockedClients;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.WriteObserver;
import io.sockudo.kv.kernel.resp.RespWriter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Clients blocked on keys (BLPOP, XREAD BLOCK...), served as Redis serves them: each key has a
 * FIFO queue of waiting clients; a write to a key with waiters marks it ready; after the writing
 * command (or the whole MULTI/EXEC or script) completes, the waiters of every ready key run their
 * command again, in FIFO order, each under its own locks; a client that still finds nothing stays
 * blocked in its place.
 *
 * <p>Serving happens on the thread that made the key ready, with a private reply writer, and the
 * reply is handed to the waiting connection's channel (Netty orders writes from other threads
 * after the connection's own pending output).
 */
public final class BlockingManager implements BlockedClients, WriteObserver, ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingManager.class);
    private final CommandRunner runner;
    private final ExecutionEnvironment env;
    private final Map<WaitKey, ArrayDeque<BlockedClient>> waiting = new HashMap<>();
    private final Map<Client, BlockedClient> byClient = new HashMap<>();
    private final Set<WaitKey> ready = new LinkedHashSet<>();
    /** Number of waiting clients; read without the lock on every write to skip the common case. */
    private volatile int blockedCount;
    /** Told when {@link #blockedCount} leaves or reaches 0 (the keyspace's write observers). */
    private final EngagementSignal engagementChanged = new EngagementSignal();

    /** A key in a database. */
    record WaitKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WaitKey w && w.db == db && Arrays.equals(w.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + io.sockudo.kv.spi.Hashing.hash(key); // client-chosen keys: keyed against flooding
        }
    }

    public BlockingManager(CommandRunner runner, ExecutionEnvironment env) {
        this.runner = runner;
        this.env = env;
    }

    @Override
    public void closed(Client client) {
        disconnected(client);
    }

    /** Number of blocked clients (INFO clients: blocked_clients). */
    public int blockedCount() {
        return blockedCount;
    }

    /** Number of keys with waiters (INFO clients: total_blocking_keys). */
    public synchronized int blockingKeys() {
        return waiting.size();
    }

    /** Whether a client is blocked. */
    public synchronized boolean isBlocked(Client c) {
        return byClient.containsKey(c);
    }

    /**
     * Blocks the client of {@code ctx} on {@code keys}.
     *
     * @param resume run on the client's event loop once it is unblocked, to process queued input
     */
    @Override
    public void block(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, byte[][] keys,
                      long timeoutMillis, io.sockudo.kv.spi.CommandHandler onTimeout, Runnable resume) {
        Client client = ctx.clientState();
        int db = client.db();
        WaitKey[] wk = new WaitKey[keys.length];
        for (int i = 0; i < keys.length; i++) {
            wk[i] = new WaitKey(db, keys[i]);
        }
        BlockedClient bc = new BlockedClient(ctx, cmd, argv, db, wk, onTimeout, resume);
        synchronized (this) {
            for (WaitKey k : wk) {
                ArrayDeque<BlockedClient> q = waiting.computeIfAbsent(k, x -> new ArrayDeque<>());
                if (!q.contains(bc)) {
                    q.addLast(bc);
                }
            }
            byClient.put(client, bc);
            blockedCount = byClient.size();
            client.blocked(bc);
            if (blockedCount == 1) {
                engagementChanged.fire();
            }
        }
        if (timeoutMillis > 0) {
            Channel ch = client.channel();
            bc.timeoutTask = ch.eventLoop().schedule(() -> timeout(bc), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * FLUSHDB / FLUSHALL / SWAPDB: every waited-on key of the database may have changed, so all of
     * them are ready (as Redis rescans the database; XREADGROUP clients then see the key gone).
     */
    @Override
    public void contentsReplaced(Database db, Database replacement) {
        if (blockedCount == 0) {
            return;
        }
        synchronized (this) {
            for (WaitKey k : waiting.keySet()) {
                if (k.db() == db.index()) {
                    ready.add(k);
                }
            }
        }
    }

    /** Called for every written key: marks it ready when someone waits on it. */
    @Override
    public boolean engaged() {
        return blockedCount != 0;
    }

    @Override
    public void onEngagementChange(Runnable changed) {
        engagementChanged.add(changed);
    }

    @Override
    public void keyWritten(Database db, byte[] key) {
        if (blockedCount == 0) {
            return;
        }
        WaitKey k = new WaitKey(db.index(), key);
        synchronized (this) {
            if (waiting.containsKey(k)) {
                ready.add(k);
            }
        }
    }

    /**
     * Serves the waiters of every ready key. Called after each top-level command, outside any
     * shard lock.
     */
    @Override
    public void serveReady() {
        if (blockedCount == 0) {
            return;
        }
        while (true) {
            WaitKey k;
            synchronized (this) {
                Iterator<WaitKey> it = ready.iterator();
                if (!it.hasNext()) {
                    return;
                }
                k = it.next();
                it.remove();
            }
            serveKey(k);
        }
    }

    private void serveKey(WaitKey k) {
        List<BlockedClient> snapshot;
        synchronized (this) {
            ArrayDeque<BlockedClient> q = waiting.get(k);
            if (q == null) {
                return;
            }
            snapshot = new ArrayList<>(q);
        }
        for (BlockedClient bc : snapshot) {
            if (bc.isDone()) {
                continue;
            }
            // A waiter that finds nothing (key consumed by an earlier waiter) stays blocked in its place.
            tryServe(bc);
        }
    }

    /** Runs the blocked command again; true when it completed (replied) and the client was released. */
    private boolean tryServe(BlockedClient bc) {
        synchronized (bc) {
            if (bc.done) {
                return false;
            }
            return serveLocked(bc);
        }
    }

    private boolean serveLocked(BlockedClient bc) {
        Client client = bc.ctx.clientState();
        RespWriter writer = new RespWriter();
        writer.protocol(client.protocol());
        ByteBuf buf = client.channel().alloc().buffer(64);
        writer.target(buf);
        ExecutionContext serveCtx = new ExecutionContext(env, client, writer);
        serveCtx.blockedRetry(true);
        int savedDb = client.db();
        client.db(bc.db);
        runner.callAgain(serveCtx, bc.command, bc.argv);
        client.db(savedDb);
        if (serveCtx.takeBlockRequest() != null) {
            buf.release();
            return false;
        }
        bc.done = true;
        release(bc);
        deliver(client, buf, bc);
        return true;
    }

    private void timeout(BlockedClient bc) {
        synchronized (bc) {
            if (bc.done) {
                return;
            }
            bc.done = true;
            release(bc);
        }
        Client client = bc.ctx.clientState();
        RespWriter writer = new RespWriter();
        writer.protocol(client.protocol());
        ByteBuf buf = client.channel().alloc().buffer(16);
        writer.target(buf);
        if (bc.onTimeout != null) {
            runTimeoutHandler(bc, client, writer, buf);
        } else {
            writer.nullArray();
        }
        deliver(client, buf, bc);
    }

    /**
     * Unblocks a client as CLIENT UNBLOCK does: with the timeout reply, or with {@code error}.
     *
     * @return false if the client was not blocked
     */
    public boolean unblock(Client client, String error) {
        BlockedClient bc;
        synchronized (this) {
            bc = byClient.get(client);
        }
        if (bc == null) {
            return false;
        }
        synchronized (bc) {
            if (bc.done) {
                return false;
            }
            bc.done = true;
            release(bc);
        }
        RespWriter writer = new RespWriter();
        writer.protocol(client.protocol());
        ByteBuf buf = client.channel().alloc().buffer(64);
        writer.target(buf);
        if (error != null) {
            writer.error(error);
        } else if (bc.onTimeout != null) {
            runTimeoutHandler(bc, client, writer, buf);
        } else {
            writer.nullArray();
        }
        deliver(client, buf, bc);
        return true;
    }

    /**
     * Runs a command's own timeout reply (a module's, through the SPI) into {@code buf}. Whatever
     * it throws — an {@code Error} of a plugin too — stays inside its module: what it wrote is
     * dropped and the client gets one error naming the command and module, as a failing handler does.
     */
    private void runTimeoutHandler(BlockedClient bc, Client client, RespWriter writer, ByteBuf buf) {
        try {
            bc.onTimeout.execute(new ExecutionContext(env, client, writer));
        } catch (Throwable e) {
            RegisteredCommand cmd = bc.command;
            LOG.error("timeout reply of command {} of module {} failed", cmd.fullName(), cmd.module(), e);
            buf.clear();
            RespWriter error = new RespWriter();
            error.protocol(client.protocol());
            error.target(buf);
            error.error("ERR internal error while running '" + cmd.fullName() + "' (module '" + cmd.module()
                    + "'): " + e);
        }
    }

    @Override
    public synchronized int blockedIn(String module) {
        int n = 0;
        for (BlockedClient bc : byClient.values()) {
            if (module.equals(bc.command.module())) {
                n++;
            }
        }
        return n;
    }

    /** Forgets a client that disconnected while blocked. */
    public void disconnected(Client client) {
        BlockedClient bc;
        synchronized (this) {
            bc = byClient.get(client);
        }
        if (bc != null) {
            synchronized (bc) {
                if (!bc.done) {
                    bc.done = true;
                    release(bc);
                }
            }
        }
    }

    private void release(BlockedClient bc) {
        if (bc.timeoutTask != null) {
            bc.timeoutTask.cancel(false);
        }
        synchronized (this) {
            for (WaitKey k : bc.keys) {
                ArrayDeque<BlockedClient> q = waiting.get(k);
                if (q != null) {
                    q.remove(bc);
                    if (q.isEmpty()) {
                        waiting.remove(k);
                        ready.remove(k);
                    }
                }
            }
            Client c = bc.ctx.clientState();
            byClient.remove(c);
            blockedCount = byClient.size();
            c.blocked(null);
            if (blockedCount == 0) {
                engagementChanged.fire();
            }
        }
    }

    private void deliver(Client client, ByteBuf buf, BlockedClient bc) {
        Channel ch = client.channel();
        env.stats().netOutputBytes.add(buf.readableBytes());
        ch.writeAndFlush(buf);
        ch.eventLoop().execute(bc.resume);
    }
}
