package io.berth.remotes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.Credential;
import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.Reference;

/**
 * Answers registries' 401 challenges: Basic with the caller's credentials, Bearer by asking the challenge's
 * realm for a token (with the credentials, when there are any). Tokens are kept per host and scope until they
 * expire; a host that asked for Basic gets it up front from then on.
 */
final class RegistryAuth {
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    private static final long EXPIRY_MARGIN_SECONDS = 5;
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private record Token(String value, Instant expires) {
    }

    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Set<String> basicHosts = ConcurrentHashMap.newKeySet();

    RegistryAuth(Clock clock) {
        this.clock = clock;
    }

    /** The Authorization header to send up front to {@code authority} for {@code scope}, if one is known. */
    Optional<String> authorization(String authority, String scope, Credentials credentials) {
        Token token = tokens.get(authority + " " + scope);
        if (token != null && clock.instant().isBefore(token.expires())) {
            return Optional.of("Bearer " + token.value());
        }
        if (basicHosts.contains(authority)) {
            return credential(authority, credentials).map(RegistryAuth::basic);
        }
        return Optional.empty();
    }

    /**
     * Prepares the answer to a 401's challenges, so that {@link #authorization} returns it.
     *
     * @throws BerthException PERMISSION_DENIED when no challenge can be answered
     */
    void answer(HttpClient http, String authority, String scope, List<String> headers, Credentials credentials) {
        List<Challenge> challenges = Challenge.parseAll(headers);
        Optional<Credential> credential = credential(authority, credentials);
        for (Challenge challenge : challenges) {
            if (challenge.scheme().equals("bearer") && challenge.parameters().containsKey("realm")) {
                String wanted = challenge.parameters().getOrDefault("scope", scope);
                Token token = fetchToken(http, authority, challenge, wanted, credential);
                tokens.put(authority + " " + scope, token);
                return;
            }
        }
        for (Challenge challenge : challenges) {
            if (challenge.scheme().equals("basic")) {
                if (credential.isEmpty()) {
                    throw new BerthException(ErrorKind.PERMISSION_DENIED,
                            authority + " requires a user name and password, and none were given for it");
                }
                basicHosts.add(authority);
                return;
            }
        }
        throw new BerthException(ErrorKind.PERMISSION_DENIED,
                authority + " answered 401 with no challenge Berth can answer: " + headers);
    }

    private Token fetchToken(HttpClient http, String authority, Challenge challenge, String scope,
            Optional<Credential> credential) {
        String realm = challenge.parameters().get("realm");
        StringBuilder query = new StringBuilder();
        String service = challenge.parameters().get("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        // A challenge may ask for several scopes at once (a push that mounts from another repository); token
        // servers take each as a parameter of its own.
        for (String one : scope.split(" ")) {
            if (!one.isEmpty()) {
                query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(one, StandardCharsets.UTF_8));
            }
        }
        URI uri;
        try {
            uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        } catch (IllegalArgumentException e) {
            throw new BerthException(ErrorKind.PERMISSION_DENIED, authority + " names a malformed token realm " + realm);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        credential.ifPresent(c -> request.header("Authorization", basic(c)));
        Instant asked = clock.instant();
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_TOKEN_RESPONSE);
            }
            if (response.statusCode() != 200) {
                throw new BerthException(ErrorKind.PERMISSION_DENIED, "token server " + uri.getAuthority()
                        + " for " + authority + " answered " + response.statusCode() + " for scope " + scope);
            }
            Map<String, Object> json = Trees.json(body);
            String token = Trees.string(json, "token");
            if (token == null || token.isEmpty()) {
                token = Trees.string(json, "access_token");
            }
            if (token == null || token.isEmpty()) {
                throw new BerthException(ErrorKind.PERMISSION_DENIED,
                        "token server " + uri.getAuthority() + " sent no token for " + authority);
            }
            long seconds = json.get("expires_in") instanceof Number n && n.longValue() > 0
                    ? n.longValue() : DEFAULT_TOKEN_SECONDS;
            return new Token(token, asked.plusSeconds(Math.max(seconds - EXPIRY_MARGIN_SECONDS, 1)));
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE,
                    "token server " + uri.getAuthority() + " for " + authority + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "interrupted while asking " + uri.getAuthority() + " for a token");
        }
    }

    /** Credentials are looked up by the host the caller knows: Docker Hub's API host is docker.io. */
    private static Optional<Credential> credential(String authority, Credentials credentials) {
        return credentials.forHost(authority.equals("registry-1.docker.io") ? Reference.DOCKER_HUB : authority);
    }

    private static String basic(Credential credential) {
        String pair = credential.username() + ":" + credential.secret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
