package io.berth.test.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 * The token issuer of a registry in {@code auth: token:} mode, on 127.0.0.1: checks Basic credentials and
 * answers with a JWT signed by the key whose certificate the registry trusts, granting what the scope asks.
 * The registry itself verifies every token; this side only counts what it was asked.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "berth-test-registry";
    public static final String ISSUER = "berth-test-issuer";
    public static final long EXPIRES_IN = 300;

    private final HttpServer server;
    private final SigningKey key;
    private final String expectedAuthorization;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();

    private TokenServer(HttpServer server, SigningKey key, String expectedAuthorization) {
        this.server = server;
        this.key = key;
        this.expectedAuthorization = expectedAuthorization;
    }

    /** Serves tokens to {@code user} with {@code password} on a free port. */
    public static TokenServer start(SigningKey key, String user, String password) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        TokenServer tokens = new TokenServer(http, key, basic);
        http.createContext("/token", tokens::handle);
        http.start();
        return tokens;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** How many requests for a token arrived, answered or refused. */
    public int requests() {
        return requests.get();
    }

    /** How many tokens were handed out. */
    public int issued() {
        return issued.get();
    }

    /** YAML for the registry's top-level {@code auth:} section. */
    public String registryConfig() {
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
        requests.incrementAndGet();
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
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A JWT for scopes such as {@code repository:app:pull,push}, signed RS256 with the certificate in x5c. */
    public String mint(List<String> scopes) throws IOException, GeneralSecurityException {
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
