package io.berth.remotes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assumptions;

/** Test certificates made with the real openssl: a CA and a server certificate it signs. */
final class TestCerts {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** A server certificate for 127.0.0.1 and the CA that signed it, as PEM files. */
    record ServerCert(Path certificate, Path key, Path ca) {
        SSLContext clientContext() throws Exception {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", readCertificate(ca));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
    }

    private TestCerts() {
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), OPENSSL + " is not installed (Debian package openssl)");
    }

    static ServerCert serverCert(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2",
                "-subj", "/CN=berth test CA");
        Path key = dir.resolve("server.key");
        Path request = dir.resolve("server.csr");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1");
        Path extensions = dir.resolve("server.ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n");
        Path certificate = dir.resolve("server.crt");
        openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", certificate,
                "-days", "2", "-extfile", extensions);
        return new ServerCert(certificate, key, ca);
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private static void openssl(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("openssl failed: " + command + "\n" + output);
        }
    }
}
