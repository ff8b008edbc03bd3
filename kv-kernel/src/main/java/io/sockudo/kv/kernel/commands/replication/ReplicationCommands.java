package io.sockudo.kv.kernel.commands.replication;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.replication.Replication;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** REPLICAOF/SLAVEOF, REPLCONF, PSYNC, SYNC, WAIT and ROLE over {@link Replication}, with Redis 7.0's metadata and texts. */
public final class ReplicationCommands {
    static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that since "
            + "Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are "
            + "just local and are not propagated.";

    static final String WAITAOF_ON_REPLICA = "ERR WAITAOF cannot be used with replica instances. Please also note "
            + "that writes to replicas are just local and are not propagated.";

    /** The blocking state of a client in WAIT (INFO blocked_clients counts it). */
    private static final Object WAITING = new Object() {
        @Override
        public String toString() {
            return "wait";
        }
    };

    private ReplicationCommands() {
    }

    private static ArgSpec replicaofArgs() {
        return ArgSpec.oneOf("args",
                ArgSpec.block("host-port", ArgSpec.string("host"), ArgSpec.integer("port")),
                ArgSpec.block("no-one", ArgSpec.pureToken("no", "NO"), ArgSpec.pureToken("one", "ONE")));
    }

    public static void register(Replication repl, List<CommandSpec> out) {
        out.add(CommandSpec.builder("replicaof").arity(3)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.STALE, CommandFlag.NO_ASYNC_LOADING)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Make the server a replica of another instance, or promote it as master.").since("5.0.0")
                .complexity("O(1)").args(replicaofArgs())
                .handler(ctx -> replicaof(repl, ctx)).build());
        out.add(CommandSpec.builder("slaveof").arity(3)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.STALE, CommandFlag.NO_ASYNC_LOADING)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Make the server a replica of another instance, or promote it as master.").since("1.0.0")
                .complexity("O(1)").docFlags("deprecated").deprecatedSince("5.0.0").replacedBy("`REPLICAOF`")
                .args(replicaofArgs())
                .handler(ctx -> replicaof(repl, ctx)).build());
        out.add(CommandSpec.builder("replconf").arity(-1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.ALLOW_BUSY)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("An internal command for configuring the replication stream").since("3.0.0")
                .complexity("O(1)").docFlags("syscmd")
                .handler(ctx -> replconf(repl, ctx)).build());
        out.add(CommandSpec.builder("psync").arity(-3)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING, CommandFlag.NO_MULTI)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Internal command used for replication").since("2.8.0")
                .args(ArgSpec.string("replicationid"), ArgSpec.integer("offset"))
                .handler(ctx -> sync(repl, ctx, true)).build());
        out.add(CommandSpec.builder("sync").arity(1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING, CommandFlag.NO_MULTI)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Internal command used for replication").since("1.0.0")
                .handler(ctx -> sync(repl, ctx, false)).build());
        out.add(CommandSpec.builder("wait").arity(3)
                .flags(CommandFlag.NOSCRIPT)
                .acl("slow", "connection").group("generic").tips("request_policy:all_shards", "response_policy:agg_min")
                .summary("Wait for the synchronous replication of all the write commands sent in the context of the "
                        + "current connection").since("3.0.0").complexity("O(1)")
                .args(ArgSpec.integer("numreplicas"), ArgSpec.integer("timeout"))
                .handler(ctx -> waitCommand(repl, ctx)).build());
        out.add(CommandSpec.builder("waitaof").arity(4)
                .flags(CommandFlag.NOSCRIPT)
                .acl("slow", "connection").group("generic").tips("request_policy:all_shards", "response_policy:agg_min")
                .summary("Blocks until all of the preceding write commands sent by the connection are written to the "
                        + "append-only file of the master and/or replicas.").since("7.2.0").complexity("O(1)")
                .args(ArgSpec.integer("numlocal"), ArgSpec.integer("numreplicas"), ArgSpec.integer("timeout"))
                .handler(ctx -> waitaofCommand(repl, ctx)).build());
        out.add(CommandSpec.builder("failover").arity(-1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Start a coordinated failover between this server and one of its replicas.").since("6.2.0")
                .complexity("O(1)")
                .args(ArgSpec.block("target", ArgSpec.string("host"), ArgSpec.integer("port"),
                                ArgSpec.pureToken("force", "FORCE").optional()).token("TO").optional(),
                        ArgSpec.pureToken("abort", "ABORT").optional(),
                        ArgSpec.integer("milliseconds").token("TIMEOUT").optional())
                .handler(ctx -> failover(repl, ctx)).build());
        out.add(CommandSpec.builder("role").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("admin", "fast", "dangerous").group("server")
                .summary("Return the role of the instance in the context of replication").since("2.8.12")
                .complexity("O(1)")
                .handler(ctx -> repl.role(ctx.reply())).build());
    }

    static void replicaof(Replication repl, CommandContext ctx) {
        if (Args.is(ctx.arg(1), "no") && Args.is(ctx.arg(2), "one")) {
            repl.replicaOfNoOne();
            ctx.reply().ok();
            return;
        }
        long port;
        if (!Args.isLong(ctx.arg(2)) || (port = Args.toLong(ctx.arg(2))) < 0 || port > 65535) {
            throw new KvException("ERR Invalid master port");
        }
        String host = new String(ctx.arg(1), StandardCharsets.UTF_8);
        ctx.reply().simple(repl.replicaOf(host, (int) port));
    }

    static void replconf(Replication repl, CommandContext ctx) {
        if (ctx.argc() % 2 == 0) {
            throw new KvException(KvException.SYNTAX);
        }
        String r = repl.replconf(((ExecutionContext) ctx).clientState(), ctx.argv());
        if (r == null) {
            ctx.reply().ok();
        } else if (!r.isEmpty()) {
            throw new KvException(r);
        }
    }

    /** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms], with Redis 7.0's parsing and texts. */
    static void failover(Replication repl, CommandContext ctx) {
        if (ctx.argc() == 2 && Args.is(ctx.arg(1), "abort")) {
            String error = repl.failoverAbort();
            if (error != null) {
                throw new KvException(error);
            }
            ctx.reply().ok();
            return;
        }
        long timeout = 0;
        boolean force = false;
        String host = null;
        long port = 0;
        for (int j = 1; j < ctx.argc(); j++) {
            if (Args.is(ctx.arg(j), "timeout") && j + 1 < ctx.argc() && timeout == 0) {
                if (!Args.isLong(ctx.arg(j + 1))) {
                    throw new KvException(KvException.NOT_INTEGER);
                }
                timeout = Args.toLong(ctx.arg(j + 1));
                if (timeout <= 0) {
                    throw new KvException("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (Args.is(ctx.arg(j), "to") && j + 2 < ctx.argc() && host == null) {
                if (!Args.isLong(ctx.arg(j + 2))) {
                    throw new KvException(KvException.NOT_INTEGER);
                }
                port = Args.toLong(ctx.arg(j + 2));
                host = new String(ctx.arg(j + 1), StandardCharsets.UTF_8);
                j += 2;
            } else if (Args.is(ctx.arg(j), "force") && !force) {
                force = true;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        String error = repl.failover(host, (int) port, timeout, force);
        if (error != null) {
            throw new KvException(error);
        }
        ctx.reply().ok();
    }

    static void sync(Replication repl, CommandContext ctx, boolean psync) {
        ExecutionContext ec = (ExecutionContext) ctx;
        String replid = null;
        long offset = -1;
        if (psync) {
            replid = new String(ctx.arg(1), StandardCharsets.UTF_8);
            if (!Args.isLong(ctx.arg(2))) {
                throw new KvException(KvException.NOT_INTEGER);
            }
            offset = Args.toLong(ctx.arg(2));
        }
        if (ec.clientState().pendingOutputBytes() > 0) {
            throw new KvException("ERR SYNC and PSYNC are invalid with pending output");
        }
        boolean failoverRequest = psync && ctx.argc() > 3 && Args.is(ctx.arg(3), "failover");
        String r = repl.sync(ec.clientState(), replid, offset, failoverRequest);
        if (r != null && !r.isEmpty()) {
            throw new KvException(r);
        }
    }

    static void waitCommand(Replication repl, CommandContext ctx) {
        if (!Args.isLong(ctx.arg(1))) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        long needed = Args.toLong(ctx.arg(1));
        if (!Args.isLong(ctx.arg(2))) {
            throw new KvException("ERR timeout is not an integer or out of range");
        }
        long timeout = Args.toLong(ctx.arg(2));
        if (timeout < 0) {
            throw new KvException("ERR timeout is negative");
        }
        if (repl.isReplica()) {
            throw new KvException(WAIT_ON_REPLICA);
        }
        ExecutionContext ec = (ExecutionContext) ctx;
        long offset = ec.clientState().replicationWriteOffset(); // this client's last write (Redis's c->woff)
        int acked = repl.acked(offset);
        if (acked >= needed || !ctx.canBlock() || ec.clientState().channel() == null) {
            ctx.reply().integer(acked);
            return;
        }
        Client client = ec.clientState();
        client.blocked(WAITING);
        repl.await(offset, (int) Math.min(Integer.MAX_VALUE, needed), timeout, client.channel().eventLoop(), n -> {
            client.blocked(null);
            if (!client.channel().isActive()) {
                return;
            }
            ec.writer().integer(n);
            ec.onUnblocked().run();
        });
    }

    /**
     * WAITAOF numlocal numreplicas timeout (Redis 7.2): the client's last write fsynced to the local
     * AOF and to the AOF of replicas (their REPLCONF ACK ... FACK); replies [local, replicas].
     */
    static void waitaofCommand(Replication repl, CommandContext ctx) {
        if (!Args.isLong(ctx.arg(1))) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        long numlocal = Args.toLong(ctx.arg(1));
        if (numlocal < 0 || numlocal > 1) {
            throw new KvException("ERR value is out of range, value must between 0 and 1");
        }
        if (!Args.isLong(ctx.arg(2))) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        long numreplicas = Args.toLong(ctx.arg(2));
        if (numreplicas < 0) {
            throw new KvException("ERR value is out of range, must be positive");
        }
        if (!Args.isLong(ctx.arg(3))) {
            throw new KvException("ERR timeout is not an integer or out of range");
        }
        long timeout = Args.toLong(ctx.arg(3));
        if (timeout < 0) {
            throw new KvException("ERR timeout is negative");
        }
        if (repl.isReplica()) {
            throw new KvException(WAITAOF_ON_REPLICA);
        }
        if (numlocal > 0 && !repl.aofEnabled()) {
            throw new KvException("ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.");
        }
        ExecutionContext ec = (ExecutionContext) ctx;
        Client client = ec.clientState();
        long offset = client.replicationWriteOffset();
        long position = client.aofWriteOffset();
        int local = repl.localFsynced(position);
        int replicas = repl.ackedAof(offset);
        if ((replicas >= numreplicas && local >= numlocal) || !ctx.canBlock() || client.channel() == null) {
            ctx.reply().array(2);
            ctx.reply().integer(local);
            ctx.reply().integer(replicas);
            return;
        }
        client.blocked(WAITING);
        repl.awaitAof(offset, position, (int) numlocal, (int) Math.min(Integer.MAX_VALUE, numreplicas), timeout,
                client.channel().eventLoop(), (l, r) -> {
                    client.blocked(null);
                    if (!client.channel().isActive()) {
                        return;
                    }
                    ec.writer().array(2);
                    ec.writer().integer(l);
                    ec.writer().integer(r);
                    ec.onUnblocked().run();
                });
    }
}
