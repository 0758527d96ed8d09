package io.berth.remotes;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * One JDK HTTP client per distinct TLS setting, kept while the component lives: clients hold connection
 * pools and a selector thread, so making one per request would waste both.
 */
final class HttpClients implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final char[] NO_PASSWORD = new char[0];

    private final Map<TlsSettings, HttpClient> clients = new ConcurrentHashMap<>();

    HttpClient forTls(TlsSettings tls) {
        return clients.computeIfAbsent(tls, HttpClients::create);
    }

    private static HttpClient create(TlsSettings tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!tls.equals(TlsSettings.DEFAULT)) {
            builder.sslContext(sslContext(tls));
        }
        return builder.build();
    }

    private static SSLContext sslContext(TlsSettings tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(tls.clientPems().isEmpty() ? null : keyManagers(tls.clientPems()).getKeyManagers(),
                    new TrustManager[] { tls.skipVerify() ? new TrustingAnyone() : trustManager(tls.caPems()) },
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's trusted roots and the host's extra CAs, as containerd adds {@code ca} to the system pool. */
    private static X509TrustManager trustManager(List<String> caPems) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate root : systemTrust().getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, root);
        }
        for (String pem : caPems) {
            for (X509Certificate ca : Pem.certificates(pem)) {
                store.setCertificateEntry("ca-" + n++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static KeyManagerFactory keyManagers(List<String> clientPems) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (String pem : clientPems) {
            List<X509Certificate> chain = Pem.certificates(pem);
            if (chain.isEmpty()) {
                throw new BerthException(ErrorKind.FAILED_PRECONDITION, "client file has no CERTIFICATE block");
            }
            store.setKeyEntry("client-" + n++, Pem.privateKey(pem), NO_PASSWORD, chain.toArray(new X509Certificate[0]));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory;
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }

    /**
     * hosts.toml's {@code skip_verify}: any certificate, any name. Being an extended trust manager, it also
     * keeps the JDK from checking the host name, which it would otherwise do on its own.
     */
    private static final class TrustingAnyone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
