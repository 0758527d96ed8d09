package io.berth.test.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed RSA certificate and its key, as PEM files made with the real openssl: what a token issuer
 * signs with and what a registry in token mode trusts.
 */
public record SigningKey(Path certificate, Path key) {
    /** Where tests find openssl; callers skip when it is not executable. */
    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** Makes a new key and certificate in {@code dir}. */
    public static SigningKey create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path certificate = dir.resolve("token.crt");
        Path key = dir.resolve("token.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                certificate.toString(), "-days", "2", "-subj", "/CN=berth test token issuer");
        return new SigningKey(certificate, key);
    }

    public PrivateKey privateKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    public byte[] certificateDer() throws IOException, GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate))).getEncoded();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + command + "\n" + output);
        }
    }
}
