package io.sockudo.kv.kernel.commands.client;

import io.sockudo.kv.kernel.acl.Acl;
import io.sockudo.kv.kernel.commands.transactions.TransactionCommands;
import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.util.Version;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.module.LoadedModule;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HELLO, AUTH and RESET: protocol negotiation and authentication as an ACL user (the
 * {@code default} user, which {@code requirepass} protects, when no user name is given).
 */
final class ConnectionAuth {
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String NO_PASSWORD = "ERR AUTH <password> called without any password configured for the default "
            + "user. Are you sure your configuration is correct?";
    static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            + "the RESP protocol version at the same time";
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET = "+RESET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Authentication authentication;
    private final Acl acl;
    private final ConfigRegistry config;
    private final ModuleManager modules;
    private final ConnectionListeners connectionListeners;

    ConnectionAuth(Authentication authentication, Acl acl, ConfigRegistry config, ModuleManager modules,
                   ConnectionListeners connectionListeners) {
        this.authentication = authentication;
        this.acl = acl;
        this.config = config;
        this.modules = modules;
        this.connectionListeners = connectionListeners;
    }

    /** AUTH [username] password. */
    void auth(CommandContext ctx) {
        Client c = ClientCommands.client(ctx);
        if (ctx.argc() > 3) {
            ctx.reply().error(ClientCommands.SYNTAX_ERROR);
            return;
        }
        byte[] user;
        byte[] password;
        if (ctx.argc() == 2) {
            // The one-argument form only makes sense when the default user has a password.
            if (acl.defaultUserNopass()) {
                ctx.reply().error(NO_PASSWORD);
                return;
            }
            user = DEFAULT_USER;
            password = ctx.arg(1);
        } else {
            user = ctx.arg(1);
            password = ctx.arg(2);
        }
        if (!acl.authenticate(c, user, password, TransactionCommands.inMulti(c), ctx.arg(0))) {
            ctx.reply().error(WRONGPASS);
            return;
        }
        ctx.reply().ok();
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]], checked in Redis's order. */
    void hello(CommandContext ctx) {
        ExecutionContext ectx = (ExecutionContext) ctx;
        Client c = ectx.clientState();
        int version = 0;
        int next = 1;
        if (ctx.argc() >= 2) {
            byte[] v = ctx.arg(next++);
            if (!Args.isLong(v)) {
                ctx.reply().error("ERR Protocol version is not an integer or out of range");
                return;
            }
            long ver = Args.toLong(v);
            if (ver < 2 || ver > 3) {
                ctx.reply().error("NOPROTO unsupported protocol version");
                return;
            }
            version = (int) ver;
        }
        byte[] user = null;
        byte[] password = null;
        byte[] name = null;
        for (int j = next; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "AUTH") && more >= 2) {
                user = ctx.arg(j + 1);
                password = ctx.arg(j + 2);
                j += 2;
            } else if (Args.is(opt, "SETNAME") && more >= 1) {
                name = ctx.arg(j + 1);
                j++;
            } else {
                ctx.reply().error("ERR Syntax error in HELLO option '" + ClientCommands.text(opt) + "'");
                return;
            }
        }
        if (user == null && authentication.required() && !c.authenticated()) {
            ctx.reply().error(HELLO_NOAUTH);
            return;
        }
        if (user != null) {
            if (!acl.authenticate(c, user, password, TransactionCommands.inMulti(c), ctx.arg(0))) {
                ctx.reply().error(WRONGPASS);
                return;
            }
        }
        if (name != null && !ClientCommands.setNameOrReply(c, name, ctx)) {
            return;
        }
        if (version != 0) {
            c.protocol(version);
            ectx.writer().protocol(version);
        }
        writeHelloMap(ctx.reply(), c);
    }

    private void writeHelloMap(ReplyWriter r, Client c) {
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(Version.REDIS_VERSION);
        r.bulk("proto");
        r.integer(c.protocol());
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("yes".equalsIgnoreCase(config.get("cluster-enabled")) ? "cluster" : "standalone");
        r.bulk("role");
        String replicaOf = config.get("replicaof");
        boolean replica = replicaOf != null && !replicaOf.isBlank() && !replicaOf.trim().equalsIgnoreCase("no one");
        r.bulk(replica ? "replica" : "master");
        r.bulk("modules");
        writeModules(r);
    }

    /** Modules loaded at run time, as Redis lists them; built-in families are part of the server, as Redis's types are. */
    private void writeModules(ReplyWriter r) {
        List<LoadedModule> loaded = new ArrayList<>();
        for (LoadedModule m : modules.all()) {
            if (m.path() != null) {
                loaded.add(m);
            }
        }
        io.sockudo.kv.kernel.commands.module.ModuleCommands.writeList(loaded, r);
    }

    /**
     * RESET: back to a fresh connection's state: database 0, RESP2, no name, reply mode on,
     * NO-TOUCH off, no transaction or watches (and whatever other listeners drop), and
     * authentication as a new connection gets it. NO-EVICT stays, as in Redis 7.0.
     */
    void reset(CommandContext ctx) {
        ExecutionContext ectx = (ExecutionContext) ctx;
        Client c = ectx.clientState();
        connectionListeners.reset(c);
        c.db(0);
        c.protocol(2);
        ectx.writer().protocol(2);
        c.name(null);
        c.replyOff(false);
        c.replySkipNext(false);
        c.replySkip(false);
        c.noTouch(false);
        c.aclUser(acl.defaultUser());
        c.authenticated(!authentication.required());
        ectx.writer().raw(RESET);
    }
}
