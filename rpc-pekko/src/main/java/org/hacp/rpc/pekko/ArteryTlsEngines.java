package org.hacp.rpc.pekko;

import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.apache.pekko.remote.artery.tcp.SslTransportException;
import org.hacp.tls.PeerCertificates;
import org.hacp.tls.RotatingTlsMaterial;
import org.hacp.tls.TlsConfig;
import scala.Option;

/**
 * The TLS engines of Artery's {@code tls-tcp} transport: both sides present a certificate (mutual
 * TLS) and accept only a peer whose certificate chains to the cluster's CA, so a process without
 * the cluster's credentials cannot finish a handshake and delivers nothing. Each new connection
 * takes the current {@link RotatingTlsMaterial}, so rotated certificates are used without restart.
 * Host names are not verified: peers are addressed by IP and proved by the CA (and the optional
 * {@code peer-subject} check), not by DNS. Called by Artery's stream threads; stateless besides
 * the thread-safe material.
 */
final class ArteryTlsEngines implements SSLEngineProvider {
    private final RotatingTlsMaterial material;
    private final TlsConfig config;

    ArteryTlsEngines(RotatingTlsMaterial material) {
        this.material = material;
        this.config = material.config();
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        SSLEngine engine = material.current().context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        configure(engine);
        return engine;
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        SSLEngine engine = material.current().context().createSSLEngine(hostname, port);
        engine.setUseClientMode(true);
        configure(engine);
        return engine;
    }

    private void configure(SSLEngine engine) {
        engine.setEnabledProtocols(config.protocols().toArray(new String[0]));
        engine.setEnabledCipherSuites(config.cipherSuites().toArray(new String[0]));
    }

    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return verify(session);
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return verify(session);
    }

    private Option<Throwable> verify(SSLSession session) {
        Optional<String> refusal = PeerCertificates.refusal(session, config.peerSubject());
        return refusal.isPresent() ? Option.apply(new SslTransportException(refusal.get(), null)) : Option.empty();
    }
}
