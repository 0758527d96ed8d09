package io.berth.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assumptions;

/**
 * A test CA and a server certificate for 127.0.0.1 that it signs, made with the real openssl in a directory.
 *
 * @param ca the CA's certificate (PEM), what a client must trust
 * @param certificate the server's certificate (PEM)
 * @param key the server's private key (PEM)
 */
public record TestCertificates(Path ca, Path certificate, Path key) {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** Skips the calling test, saying why, where openssl is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), OPENSSL + " is not installed (Debian package openssl)");
    }

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2",
                "-subj", "/CN=Berth test CA");
        Path key = dir.resolve("server.key");
        Path request = dir.resolve("server.csr");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1");
        Path extensions = dir.resolve("server.ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n");
        Path certificate = dir.resolve("server.crt");
        openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", certificate,
                "-days", "2", "-extfile", extensions);
        return new TestCertificates(ca, certificate, key);
    }

    /** A TLS context that trusts the test CA and nothing else. */
    public SSLContext trustingContext() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(ca)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Object... args) throws IOException, InterruptedException {
        List<Object> command = new ArrayList<>(List.of(OPENSSL));
        command.addAll(List.of(args));
        Command.run(command.toArray()).expectSuccess();
    }
}
