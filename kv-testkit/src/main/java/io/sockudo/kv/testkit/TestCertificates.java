package io.sockudo.kv.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA, a server certificate (localhost, 127.0.0.1) and a client certificate made
 * with the {@code openssl} command in a temporary directory, as Redis's gen-test-certs.sh
 * does. The server key is written in OpenSSL's traditional RSA form (PKCS#1), the client key
 * in PKCS#8, so both forms the server reads are exercised.
 */
public final class TestCertificates {
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates generate() throws IOException, InterruptedException {
        Path d = Files.createTempDirectory("sockudo-kv-tls");
        openssl(d, "genrsa", "-traditional", "-out", "ca.key", "2048");
        openssl(d, "req", "-x509", "-new", "-nodes", "-sha256", "-key", "ca.key", "-days", "2",
                "-subj", "/O=sockudo-kv test/CN=Certificate Authority", "-out", "ca.crt");
        Files.writeString(d.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        Files.writeString(d.resolve("client.ext"), "keyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=clientAuth\n");
        openssl(d, "genrsa", "-traditional", "-out", "server.key", "2048");
        sign(d, "server", "/O=sockudo-kv test/CN=localhost");
        openssl(d, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "client.key");
        sign(d, "client", "/O=sockudo-kv test/CN=client");
        return new TestCertificates(d);
    }

    private static void sign(Path d, String name, String subject) throws IOException, InterruptedException {
        openssl(d, "req", "-new", "-sha256", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        openssl(d, "x509", "-req", "-sha256", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    static void openssl(Path d, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + new String(out));
        }
    }

    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientCert() {
        return dir.resolve("client.crt");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** Server options for an embedded server: the certificate, key and CA (other tls-* options are added by the test). */
    public List<String> serverArgs() {
        return List.of("--tls-cert-file", serverCert().toString(), "--tls-key-file", serverKey().toString(),
                "--tls-ca-cert-file", caCert().toString());
    }

    /**
     * An SSLContext trusting the test CA, presenting the client certificate when
     * {@code withClientCert}.
     */
    public javax.net.ssl.SSLContext clientContext(boolean withClientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", readCert(caCert()));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.KeyManager[] kms = null;
        if (withClientCert) {
            // the PKCS#12 bundle openssl makes from the client pair, read back with the JDK
            Path p12 = dir.resolve("client.p12");
            if (!Files.exists(p12)) {
                openssl(dir, "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-passout", "pass:test",
                        "-out", "client.p12");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "test".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "test".toCharArray());
            kms = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Certificate readCert(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
