package io.sockudo.kv.kernel.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TLS contexts built from the {@code tls-*} options: the server's (for {@code tls-port}) and
 * the client's (a replica's link when {@code tls-replication yes}). {@code tls-provider} picks the
 * engine: OpenSSL (BoringSSL through Netty's tcnative, several times cheaper per TLS record than
 * the JDK's engine) where its native library loads, the JDK's otherwise. As in
 * Redis, a change to any of them rebuilds the contexts, which then serve new connections;
 * connections already open keep theirs. A configuration that cannot be built leaves the
 * previous contexts in place, logs why, and CONFIG SET answers Redis's error.
 */
public final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    /** Options whose change rebuilds the contexts. */
    static final List<String> OPTIONS = List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass",
            "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-ca-cert-file",
            "tls-ca-cert-dir", "tls-auth-clients", "tls-protocols", "tls-ciphers", "tls-ciphersuites",
            "tls-session-caching", "tls-session-cache-size", "tls-session-cache-timeout", "tls-provider");

    private final ConfigRegistry config;
    private volatile Built current;

    /** The server and client contexts, their engine, and the settings made on each connection's engine. */
    private record Built(SslContext server, SslContext client, SslProvider provider, boolean preferServerCiphers,
                         boolean sessionCaching) {
    }

    public TlsContexts(ConfigRegistry config) {
        this.config = config;
    }

    /** Builds the contexts now (start-up: an error stops the server, as Redis's does) and on every change. */
    public void start() throws IOException {
        current = build();
        for (String name : OPTIONS) {
            config.onApply(name, this::applyChange);
        }
        config.onApply("tls-prefer-server-ciphers", this::applyChange);
    }

    /**
     * CONFIG SET of a tls-* option. While TLS is in use (a TLS port, or TLS replication) a
     * configuration that cannot be built is refused with Redis's error and the old one stays;
     * otherwise it is only checked when TLS is next enabled.
     */
    private String applyChange() {
        boolean inUse = config.getLong("tls-port") != 0 || config.getBoolean("tls-replication");
        return rebuild(inUse);
    }

    /**
     * Rebuilds from the current values: null on success, otherwise Redis's error (the reason is
     * logged) and the contexts in use stay. With {@code required}, a configuration without a
     * certificate and key is an error too (a TLS port cannot serve without them).
     */
    public String rebuild(boolean required) {
        try {
            Built b = build();
            if (b.server == null && required) {
                throw new IOException("tls-cert-file and tls-key-file are required while TLS is in use");
            }
            current = b;
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed to configure TLS: {}", e.getMessage());
            return required ? "Unable to update TLS configuration. Check server logs." : null;
        }
    }

    /** True once TLS is configured (a certificate and key are set). */
    public boolean configured() {
        Built b = current;
        return b != null && b.server != null;
    }

    /** A server-side handler for a new connection on the TLS port. */
    public SslHandler newServerHandler(Channel ch) {
        Built b = current;
        SslHandler h = b.server.newHandler(ch.alloc());
        SSLEngine engine = h.engine();
        // Set either way: Netty's OpenSSL contexts prefer the server's order by default, Redis
        // (and tls-prefer-server-ciphers no) the client's.
        SSLParameters p = engine.getSSLParameters();
        p.setUseCipherSuitesOrder(b.preferServerCiphers);
        engine.setSSLParameters(p);
        return h;
    }

    /**
     * With {@code tls-session-caching no} on the JDK's engine (which has no switch for its cache):
     * a handler placed after the SslHandler that invalidates each session once negotiated, so no
     * later handshake resumes it. Null when caching is on, or on OpenSSL, whose cache the context
     * turned off.
     */
    public io.netty.channel.ChannelHandler sessionPolicy() {
        Built b = current;
        if (b.sessionCaching || b.provider != SslProvider.JDK) {
            return null;
        }
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                    ssl.engine().getSession().invalidate();
                    ctx.pipeline().remove(this);
                }
                super.userEventTriggered(ctx, evt);
            }
        };
    }

    /** A client-side handler for an outgoing connection (a replica's link to its TLS master). */
    public SslHandler newClientHandler(Channel ch, String host, int port) throws IOException {
        Built b = current;
        if (b == null || b.client == null) {
            throw new IOException("TLS is not configured (tls-cert-file, tls-key-file, tls-ca-cert-file)");
        }
        return b.client.newHandler(ch.alloc(), host, port);
    }

    // ---- building ------------------------------------------------------------------------------

    private Built build() throws IOException {
        String cert = config.get("tls-cert-file");
        String key = config.get("tls-key-file");
        if (cert.isEmpty() || key.isEmpty()) {
            return new Built(null, null, null, false, true);
        }
        SslProvider provider = provider(config.get("tls-provider"));
        List<X509Certificate> cas = trustedCertificates();
        List<String> protocols = protocols(config.get("tls-protocols"));
        List<String> ciphers = ciphers(config.get("tls-ciphers"), config.get("tls-ciphersuites"));
        boolean caching = config.getBoolean("tls-session-caching");

        SslContextBuilder server;
        try (InputStream c = Files.newInputStream(Path.of(cert)); InputStream k = PemKeys.open(Path.of(key))) {
            server = SslContextBuilder.forServer(c, k, emptyToNull(config.get("tls-key-file-pass")));
        } catch (IllegalArgumentException e) {
            throw new IOException("Failed to load certificate or private key (" + cert + ", " + key + "): "
                    + rootMessage(e), e);
        }
        server.sslProvider(provider).protocols(protocols).clientAuth(clientAuth(config.get("tls-auth-clients")));
        if (!cas.isEmpty()) {
            server.trustManager(cas);
        }
        if (ciphers != null) {
            server.ciphers(ciphers);
        }
        if (caching) {
            server.sessionCacheSize(config.getLong("tls-session-cache-size"))
                    .sessionTimeout(config.getLong("tls-session-cache-timeout"));
        }
        SslContextBuilder client = SslContextBuilder.forClient().sslProvider(provider).protocols(protocols)
                // Redis checks the master's chain against the CA, not its host name.
                .endpointIdentificationAlgorithm(null);
        if (!cas.isEmpty()) {
            client.trustManager(cas);
        }
        if (ciphers != null) {
            client.ciphers(ciphers);
        }
        String clientCert = config.get("tls-client-cert-file");
        String clientKey = config.get("tls-client-key-file");
        boolean ownClientPair = !clientCert.isEmpty() && !clientKey.isEmpty();
        String cc = ownClientPair ? clientCert : cert;
        String ck = ownClientPair ? clientKey : key;
        String cp = ownClientPair ? config.get("tls-client-key-file-pass") : config.get("tls-key-file-pass");
        try (InputStream c = Files.newInputStream(Path.of(cc)); InputStream k = PemKeys.open(Path.of(ck))) {
            client.keyManager(c, k, emptyToNull(cp));
        } catch (IllegalArgumentException e) {
            throw new IOException("Failed to load client certificate or key (" + cc + ", " + ck + "): "
                    + rootMessage(e), e);
        }
        try {
            SslContext serverContext = server.build();
            if (!caching && serverContext.sessionContext() instanceof OpenSslSessionContext sessions) {
                // SSL_SESS_CACHE_OFF, as Redis sets it (the JDK's engine has no switch: see sessionPolicy)
                sessions.setSessionCacheEnabled(false);
            }
            Built b = new Built(serverContext, client.build(), provider, config.getBoolean("tls-prefer-server-ciphers"),
                    caching);
            Built before = current;
            if (before == null || before.provider != provider) {
                LOG.info("TLS provider: {}", provider == SslProvider.JDK ? "JDK" : OpenSsl.versionString());
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new IOException(rootMessage(e), e);
        }
    }

    /**
     * tls-provider: {@code openssl} needs Netty's native OpenSSL library for this platform (an
     * error names why it did not load), {@code jdk} is the JDK's engine, {@code auto} the first
     * when it loads, else the second.
     */
    static SslProvider provider(String setting) throws IOException {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IOException("tls-provider openssl: OpenSSL is not available ("
                            + rootMessage(OpenSsl.unavailabilityCause()) + ")");
                }
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private List<X509Certificate> trustedCertificates() throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        String file = config.get("tls-ca-cert-file");
        if (!file.isEmpty()) {
            out.addAll(readCertificates(Path.of(file), true));
        }
        String dir = config.get("tls-ca-cert-dir");
        if (!dir.isEmpty()) {
            // OpenSSL's CApath holds one PEM per hash-named file; any readable certificate file counts.
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p)) {
                        out.addAll(readCertificates(p, false));
                    }
                }
            }
        }
        return out;
    }

    private static List<X509Certificate> readCertificates(Path p, boolean required) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty() && required) {
                throw new IOException("no certificate in " + p);
            }
            return certs;
        } catch (CertificateException e) {
            if (required) {
                throw new IOException("Failed to load CA certificate(s) from " + p + ": " + e.getMessage(), e);
            }
            return List.of();
        }
    }

    static ClientAuth clientAuth(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "no" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.REQUIRE;
        };
    }

    /** tls-protocols: space-separated, case-insensitive; empty means Redis's default TLSv1.2 and TLSv1.3. */
    static List<String> protocols(String v) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : v.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(canonicalProtocol(w));
            }
        }
        return out.isEmpty() ? List.of("TLSv1.2", "TLSv1.3") : List.copyOf(out);
    }

    private static String canonicalProtocol(String w) {
        return switch (w.toLowerCase(Locale.ROOT)) {
            case "tlsv1" -> "TLSv1";
            case "tlsv1.1" -> "TLSv1.1";
            case "tlsv1.2" -> "TLSv1.2";
            case "tlsv1.3" -> "TLSv1.3";
            default -> throw new IllegalArgumentException("Invalid tls-protocols specified. Use a combination of "
                    + "'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
        };
    }

    /**
     * tls-ciphers (OpenSSL's list for TLSv1.2 and older, names joined by ':') and
     * tls-ciphersuites (TLSv1.3 names, the same in the JDK). OpenSSL names are mapped to the
     * JDK's; keywords and exclusions (DEFAULT, HIGH, !aNULL...) have no JDK equivalent and are
     * skipped. Null when nothing is named: the JDK's defaults.
     */
    static List<String> ciphers(String tls12, String tls13) {
        List<String> out = new ArrayList<>();
        for (String list : new String[] {tls12, tls13}) {
            for (String w : list.split("[:\\s,]+")) {
                if (w.isEmpty() || w.startsWith("!") || w.startsWith("-") || w.startsWith("+")) {
                    continue;
                }
                if (w.startsWith("TLS_") || w.startsWith("SSL_")) {
                    out.add(w);
                    continue;
                }
                String java = CipherSuiteConverter.toJava(w, "TLS");
                if (java != null) {
                    out.add(java);
                }
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        // Naming only TLSv1.2 suites keeps TLSv1.3's defaults (and the reverse), as OpenSSL does.
        boolean has13 = out.stream().anyMatch(TlsContexts::isTls13Suite);
        boolean has12 = out.stream().anyMatch(s -> !isTls13Suite(s));
        if (!has13) {
            out.addAll(List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"));
        }
        if (!has12 && tls12.isBlank()) {
            out.addAll(List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        }
        return out;
    }

    private static boolean isTls13Suite(String s) {
        return s.equals("TLS_AES_256_GCM_SHA384") || s.equals("TLS_AES_128_GCM_SHA256")
                || s.equals("TLS_CHACHA20_POLY1305_SHA256") || s.equals("TLS_AES_128_CCM_SHA256")
                || s.equals("TLS_AES_128_CCM_8_SHA256");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
