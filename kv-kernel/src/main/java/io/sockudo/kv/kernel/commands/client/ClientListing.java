package io.sockudo.kv.kernel.commands.client;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import io.sockudo.kv.kernel.client.ClientEviction;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.pubsub.PubSub;
import io.sockudo.kv.kernel.tracking.Tracking;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.commands.transactions.TransactionCommands;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT LIST and CLIENT INFO: one line per client with Redis 7.0's fields in Redis's order
 * (plus Redis 7.2's lib-name and lib-ver at the end). The caller's query buffer is a plausible
 * stand-in for Redis's (its command in a buffer of 20474 bytes), the reply buffer is Redis's
 * minimal 1024; another client's {@code qbuf} is the input it sent and no command consumed yet
 * (measured while client eviction is on, else 0); {@code omem}/{@code oll} are the real pending
 * output, and {@code tot-mem} is what client eviction counts ({@link ClientEviction}).
 */
final class ClientListing {
    /** Client types of CLIENT LIST/KILL TYPE. */
    enum Type { NORMAL, REPLICA, PUBSUB, MASTER }

    private static final long QUERY_BUFFER = 20474;
    private static final long REPLY_BUFFER = 1024;

    private final ClientRegistry clients;
    private final PubSub pubsub;
    private final Tracking tracking;

    ClientListing(ClientRegistry clients, PubSub pubsub, Tracking tracking) {
        this.clients = clients;
        this.pubsub = pubsub;
        this.tracking = tracking;
    }

    /** Parses a client type name as Redis's getClientTypeByName; null when unknown. */
    static Type typeByName(byte[] name) {
        if (Args.is(name, "normal")) {
            return Type.NORMAL;
        }
        if (Args.is(name, "slave") || Args.is(name, "replica")) {
            return Type.REPLICA;
        }
        if (Args.is(name, "pubsub")) {
            return Type.PUBSUB;
        }
        if (Args.is(name, "master")) {
            return Type.MASTER;
        }
        return null;
    }

    /** The type of a client: its output-buffer class (a replica or a subscriber, else normal). */
    static Type typeOf(Client c) {
        if (c.replicationFlag() == 'M') {
            return Type.MASTER;
        }
        return switch (c.outputClass()) {
            case NORMAL -> Type.NORMAL;
            case REPLICA -> Type.REPLICA;
            case PUBSUB -> Type.PUBSUB;
        };
    }

    /** The client's CLIENT LIST line without the newline, as seen from outside (log lines). */
    String describe(Client c) {
        StringBuilder sb = new StringBuilder(320);
        append(sb, c, null);
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    void info(CommandContext ctx) {
        StringBuilder sb = new StringBuilder(320);
        append(sb, ClientCommands.client(ctx), (ExecutionContext) ctx);
        ctx.reply().verbatim("txt", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** CLIENT LIST [TYPE type | ID id [id ...]] (one filter only, as Redis 7.0). */
    void list(CommandContext ctx) {
        ExecutionContext ectx = (ExecutionContext) ctx;
        StringBuilder sb = new StringBuilder(512);
        int argc = ctx.argc();
        if (argc == 2) {
            for (Client c : clients.all()) {
                append(sb, c, ectx);
            }
        } else if (argc == 4 && Args.is(ctx.arg(2), "TYPE")) {
            Type type = typeByName(ctx.arg(3));
            if (type == null) {
                ctx.reply().error("ERR Unknown client type '" + ClientCommands.text(ctx.arg(3)) + "'");
                return;
            }
            for (Client c : clients.all()) {
                if (typeOf(c) == type) {
                    append(sb, c, ectx);
                }
            }
        } else if (argc >= 4 && Args.is(ctx.arg(2), "ID")) {
            long[] ids = new long[argc - 3];
            for (int j = 3; j < argc; j++) {
                if (!Args.isLong(ctx.arg(j))) {
                    ctx.reply().error("ERR Invalid client ID");
                    return;
                }
                ids[j - 3] = Args.toLong(ctx.arg(j));
            }
            for (long id : ids) {
                Client c = clients.get(id);
                if (c != null) {
                    append(sb, c, ectx);
                }
            }
        } else {
            ctx.reply().error(ClientCommands.SYNTAX_ERROR);
            return;
        }
        ctx.reply().verbatim("txt", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one client's line, ending with a newline; {@code caller} is null outside a command. */
    void append(StringBuilder sb, Client c, ExecutionContext caller) {
        long now = System.currentTimeMillis();
        boolean self = caller != null && c == caller.clientState();
        long argvMem = 0;
        long qbuf = 0;
        int argc = 0;
        // A client's own command only runs while it is in MULTI when EXEC replays it: Redis then
        // shows EXEC as the current command.
        boolean inExec = self && TransactionCommands.inMulti(c);
        if (inExec) {
            argc = 1;
            argvMem = 4;
            qbuf = 14; // *1\r\n$4\r\nEXEC\r\n
        } else if (self) {
            // The caller's query buffer still holds the command being run, as in Redis.
            argc = caller.argc();
            qbuf = 1 + digits(argc) + 2;
            for (int i = 0; i < argc; i++) {
                int len = caller.arg(i).length;
                argvMem += len;
                qbuf += 1 + digits(len) + 2 + len + 2;
            }
        } else {
            qbuf = c.queryBufferBytes(); // input not run yet (Redis frees an idle client's buffer: 0 free)
        }
        long qbufFree = self || qbuf > 0 ? Math.max(0, QUERY_BUFFER - qbuf) : 0;
        long multiMem = TransactionCommands.queuedBytes(c);
        int[] subs = pubsub.counts(c);
        // Replies queued on the connection and not taken by the socket yet (Redis's reply list).
        long omem = c.outputBufferMemory();
        int oll = omem > 0 ? c.pendingOutputBuffers() : 0;
        String lastCommand = inExec ? "exec"
                : self && caller.command() != null ? caller.command().fullName() : c.lastCommand();
        String name = c.name();
        sb.append("id=").append(c.id())
                .append(" addr=").append(c.peerAddress())
                .append(" laddr=").append(c.localAddress())
                .append(" fd=").append(fd(c.channel()))
                .append(" name=").append(name == null ? "" : name)
                .append(" age=").append((now - c.createdMillis()) / 1000)
                .append(" idle=").append(self ? 0 : Math.max(0, now - c.lastInteractionMillis()) / 1000)
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db())
                .append(" sub=").append(subs[0]).append(" psub=").append(subs[1]).append(" ssub=").append(subs[2])
                .append(" multi=").append(TransactionCommands.queuedCount(c))
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbufFree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=").append(REPLY_BUFFER)
                .append(" rbp=0 obl=0 oll=").append(oll)
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(ClientEviction.CLIENT_OVERHEAD + qbuf + qbufFree + argvMem + 8L * argc
                        + multiMem + omem)
                .append(" events=").append(omem > 0 ? "rw" : "r")
                .append(" cmd=").append(lastCommand)
                .append(" user=").append(c.user())
                .append(" redir=").append(tracking.redirect(c))
                .append(" resp=").append(c.protocol())
                .append(" lib-name=").append(c.libName() == null ? "" : c.libName())
                .append(" lib-ver=").append(c.libVer() == null ? "" : c.libVer())
                .append('\n');
    }

    /** Redis's flag letters, in Redis's order; N when none applies. */
    String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.replicationFlag() != 0) {
            f.append(c.replicationFlag()); // S (a replica) or M (this server's master), first as in Redis
        }
        if (clients.monitors().isMonitor(c)) {
            f.append('O');
        }
        if (c.subscriptions() > 0) {
            f.append('P');
        }
        if (TransactionCommands.inMulti(c)) {
            f.append('x');
        }
        if (c.blocked() != null) {
            f.append('b');
        }
        f.append(tracking.clientListFlags(c));
        if (TransactionCommands.dirty(c)) {
            f.append('d');
        }
        if (c.closeAfterReply() || c.killed()) {
            f.append('c');
        }
        if (c.noEvict()) {
            f.append('e');
        }
        if (c.noTouch()) {
            f.append('T');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    /** The socket's file descriptor with the native transport; a stand-in derived from the id otherwise. */
    static int fd(Channel ch) {
        if (ch instanceof UnixChannel u) {
            try {
                return u.fd().intValue();
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return ch == null ? -1 : 7;
    }

    private static int digits(long v) {
        return Long.toString(v).length();
    }
}
