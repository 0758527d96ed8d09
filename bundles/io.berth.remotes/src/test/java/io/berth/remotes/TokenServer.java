package io.berth.remotes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The token issuer of a registry in {@code auth: token:} mode: checks Basic credentials and answers with a JWT
 * signed by the key whose certificate the registry trusts, granting what the scope asks. The registry itself
 * verifies every token.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "berth-test-registry";
    static final String ISSUER = "berth-test-issuer";
    static final long EXPIRES_IN = 300;

    private final HttpServer server;
    private final TestCerts.SigningKey key;
    private final String expectedAuthorization;
    private final AtomicInteger issued = new AtomicInteger();

    private TokenServer(HttpServer server, TestCerts.SigningKey key, String expectedAuthorization) {
        this.server = server;
        this.key = key;
        this.expectedAuthorization = expectedAuthorization;
    }

    static TokenServer start(TestCerts.SigningKey key, String user, String password) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        TokenServer tokens = new TokenServer(http, key, basic);
        http.createContext("/token", tokens::handle);
        http.start();
        return tokens;
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** How many tokens were handed out. */
    int issued() {
        return issued.get();
    }

    /** YAML for the registry's {@code auth:} section. */
    String registryConfig() {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm(), SERVICE, ISSUER, key.certificate());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> scopes = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(pair.substring("scope=".length()), StandardCharsets.UTF_8));
                }
            }
            byte[] body = ("{\"token\":\"" + mint(scopes) + "\",\"expires_in\":" + EXPIRES_IN + "}")
                    .getBytes(StandardCharsets.UTF_8);
            issued.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A JWT for scopes such as {@code repository:app:pull,push}, signed RS256 with the certificate in x5c. */
    String mint(List<String> scopes) throws Exception {
        List<String> access = new ArrayList<>();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            String actions = String.join("\",\"", parts[parts.length - 1].split(","));
            String name = scope.substring(parts[0].length() + 1, scope.lastIndexOf(':'));
            access.add("{\"type\":\"%s\",\"name\":\"%s\",\"actions\":[\"%s\"]}".formatted(parts[0], name, actions));
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\""
                + Base64.getEncoder().encodeToString(key.certificateDer()) + "\"]}";
        String claims = ("{\"iss\":\"%s\",\"sub\":\"berth\",\"aud\":\"%s\",\"exp\":%d,\"nbf\":%d,\"iat\":%d,"
                + "\"jti\":\"%s\",\"access\":[%s]}").formatted(ISSUER, SERVICE, now + EXPIRES_IN, now - 10, now,
                UUID.randomUUID(), String.join(",", access));
        String signed = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.privateKey());
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + base64Url(rsa.sign());
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
