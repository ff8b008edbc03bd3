package io.sockudo.kv.kernel.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Private key files in the PEM forms redis.conf files point at. Netty's JDK provider reads
 * PKCS#8 ({@code BEGIN PRIVATE KEY}, and {@code BEGIN ENCRYPTED PRIVATE KEY} with
 * {@code tls-key-file-pass}); OpenSSL's traditional RSA form ({@code BEGIN RSA PRIVATE KEY},
 * PKCS#1, what {@code openssl genrsa -traditional} and Redis's gen-test-certs.sh write) is
 * rewrapped here into an unencrypted PKCS#8 document, which is the same key with the algorithm
 * named. Encrypted PKCS#1 (Proc-Type/DEK-Info headers) and SEC1 EC keys are refused with a
 * message saying to convert them ({@code openssl pkcs8 -topk8}).
 */
final class PemKeys {
    private static final String RSA_BEGIN = "-----BEGIN RSA PRIVATE KEY-----";
    private static final String RSA_END = "-----END RSA PRIVATE KEY-----";
    /** AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};

    private PemKeys() {
    }

    /** The key file as a stream Netty can read (PKCS#8 PEM). */
    static InputStream open(Path keyFile) throws IOException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(RSA_BEGIN);
        if (begin < 0) {
            if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
                throw new IOException(keyFile + ": SEC1 EC keys are not supported, convert with openssl pkcs8 -topk8");
            }
            return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
        }
        int end = pem.indexOf(RSA_END, begin);
        if (end < 0) {
            throw new IOException(keyFile + ": truncated RSA PRIVATE KEY block");
        }
        String body = pem.substring(begin + RSA_BEGIN.length(), end);
        if (body.contains("Proc-Type:")) {
            throw new IOException(keyFile + ": encrypted PKCS#1 keys are not supported, convert with openssl pkcs8 -topk8");
        }
        byte[] pkcs1 = Base64.getMimeDecoder().decode(body.trim());
        byte[] pkcs8 = toPkcs8(pkcs1);
        String out = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        return new ByteArrayInputStream(out.getBytes(StandardCharsets.US_ASCII));
    }

    /** PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, algorithm rsaEncryption, privateKey OCTET STRING pkcs1 }. */
    static byte[] toPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.write(0x04);
        writeLength(content, pkcs1.length);
        content.writeBytes(pkcs1);
        byte[] c = content.toByteArray();
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        seq.write(0x30);
        writeLength(seq, c.length);
        seq.writeBytes(c);
        return seq.toByteArray();
    }

    /** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int n = 0;
        for (int v = len; v != 0; v >>>= 8) {
            n++;
        }
        out.write(0x80 | n);
        for (int i = n - 1; i >= 0; i--) {
            out.write((len >>> (8 * i)) & 0xff);
        }
    }
}
