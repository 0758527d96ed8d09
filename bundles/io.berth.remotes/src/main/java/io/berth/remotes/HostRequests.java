package io.berth.remotes;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.ResolveOptions;

/** Sends one request to one registry host, with its headers and TLS, answering an authentication challenge once. */
final class HostRequests implements AutoCloseable {
    private final HttpClients clients = new HttpClients();
    private final RegistryAuth auth;

    HostRequests(Clock clock) {
        this.auth = new RegistryAuth(clock);
    }

    /**
     * The response to {@code request}; a second 401 (credentials refused) is returned for the caller to report.
     *
     * @param scope the token scope the request needs, such as {@code repository:library/busybox:pull}
     */
    <T> HttpResponse<T> send(RegistryHost host, HttpRequest.Builder request, String scope, ResolveOptions options,
            HttpResponse.BodyHandler<T> handler) {
        host.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        var http = clients.forTls(host.tls());
        try {
            for (int attempt = 0; ; attempt++) {
                HttpRequest.Builder copy = request.copy();
                auth.authorization(host.authority(), scope, options.credentials())
                        .ifPresent(value -> copy.setHeader("Authorization", value));
                HttpResponse<T> response = http.send(copy.build(), handler);
                if (response.statusCode() != 401 || attempt > 0) {
                    return response;
                }
                discard(response);
                auth.answer(http, host.authority(), scope, response.headers().allValues("WWW-Authenticate"),
                        options.credentials());
            }
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, host.authority() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "interrupted while talking to " + host.authority());
        }
    }

    /** A response that is not the one wanted, as the error the caller reports. */
    static BerthException failure(RegistryHost host, HttpResponse<?> response, String what) {
        discard(response);
        int status = response.statusCode();
        String where = host.authority();
        return switch (status) {
            case 404 -> BerthException.notFound("%s not found at %s", what, where);
            case 401, 403 -> new BerthException(ErrorKind.PERMISSION_DENIED,
                    where + " refused access to " + what + " (HTTP " + status + ")");
            case 416 -> new BerthException(ErrorKind.OUT_OF_RANGE, where + " refused the range asked for " + what);
            case 429 -> new BerthException(ErrorKind.RESOURCE_EXHAUSTED, where + " is rate-limiting requests for " + what);
            default -> new BerthException(ErrorKind.UNAVAILABLE, where + " answered HTTP " + status + " for " + what);
        };
    }

    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream body) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return e.getCause() != null && e.getCause().getMessage() != null && !message.contains(e.getCause().getMessage())
                ? message + ": " + e.getCause().getMessage() : message;
    }

    @Override
    public void close() {
        clients.close();
    }
}
